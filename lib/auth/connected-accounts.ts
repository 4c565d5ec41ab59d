// Sign-in providers connected to an account: every linked provider account
// listed with the date and who it is at the provider, and each disconnected on
// its own unless that would leave no way to sign in. Connecting is Auth.js's own
// flow, allowed only by a "Connect NAME" intent (./link-guard.ts), never to
// another account by email.

import { decodeJwt } from "jose";
import { audit } from "@/lib/audit";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { signInProviders } from "./providers";

/** One provider account linked to the user: `label` names it (its email at the provider, else its id). */
export type Link = { providerAccountId: string; label: string; connectedAt: Date };
export type Connection = { id: string; name: string; links: Link[] };

/** Every configured provider, connected or not, in the order /login shows them, with all its links. */
export async function listConnections(userId: string): Promise<Connection[]> {
  const accounts = await db.account.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { provider: true, providerAccountId: true, id_token: true, createdAt: true },
  });
  return signInProviders().map((p) => ({
    ...p,
    links: accounts
      .filter((a) => a.provider === p.id)
      .map((a) => ({
        providerAccountId: a.providerAccountId,
        label: emailIn(a.id_token) ?? a.providerAccountId,
        connectedAt: a.createdAt,
      })),
  }));
}

/** The email the provider's ID token named at linking time (checked by Auth.js then); for display only. */
function emailIn(idToken: string | null): string | null {
  if (!idToken) return null;
  try {
    const { email } = decodeJwt(idToken);
    return typeof email === "string" && email.length <= 320 ? email : null;
  } catch {
    return null;
  }
}

export type DisconnectResult = "disconnected" | "not_connected" | "last_method";

/**
 * Removes the user's link to `provider` (that provider account, when given: a
 * user may have several) unless it is their last way to sign in (no password, no
 * other provider, no passkey). The user's row is written first, so two
 * disconnects at once run one after the other and cannot both pass the check.
 */
export function disconnect(
  userId: string,
  provider: string,
  client: ClientInfo,
  providerAccountId?: string,
): Promise<DisconnectResult> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.update({
      where: { id: userId },
      data: { updatedAt: new Date() },
      select: { passwordHash: true, _count: { select: { accounts: true, authenticators: true } } },
    });
    const link = await tx.account.findFirst({
      where: { userId, provider, ...(providerAccountId === undefined ? {} : { providerAccountId }) },
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
