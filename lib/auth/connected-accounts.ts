// Sign-in providers connected to an account: listed with the date, and
// disconnected unless that would leave no way to sign in. Connecting is Auth.js's
// own flow: a signed-in user who signs in with a provider has it linked to their
// account (lib/auth/provider-sign-in.ts), never to another account by email.

import { audit } from "@/lib/audit";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { signInProviders } from "./providers";

export type Connection = { id: string; name: string; connectedAt: Date | null };

/** Every configured provider, connected or not, in the order /login shows them. */
export async function listConnections(userId: string): Promise<Connection[]> {
  const accounts = await db.account.findMany({
    where: { userId },
    select: { provider: true, createdAt: true },
  });
  return signInProviders().map((p) => ({
    ...p,
    connectedAt: accounts.find((a) => a.provider === p.id)?.createdAt ?? null,
  }));
}

export type DisconnectResult = "disconnected" | "not_connected" | "last_method";

/**
 * Removes the user's link to `provider` unless it is their last way to sign in
 * (no password, no other provider, no passkey). The user's row is written first,
 * so two disconnects at once run one after the other and cannot both pass the check.
 */
export function disconnect(userId: string, provider: string, client: ClientInfo): Promise<DisconnectResult> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.update({
      where: { id: userId },
      data: { updatedAt: new Date() },
      select: { passwordHash: true, _count: { select: { accounts: true, authenticators: true } } },
    });
    const link = await tx.account.findFirst({
      where: { userId, provider },
      select: { providerAccountId: true },
    });
    if (!link) return "not_connected";
    const others = (user.passwordHash ? 1 : 0) + user._count.accounts - 1 + user._count.authenticators;
    if (others === 0) return "last_method";
    await tx.account.delete({
      where: { provider_providerAccountId: { provider, providerAccountId: link.providerAccountId } },
    });
    await audit(tx, {
      action: "account.unlinked",
      actorUserId: userId,
      targetUserId: userId,
      client,
      details: { provider },
    });
    return "disconnected";
  });
}
