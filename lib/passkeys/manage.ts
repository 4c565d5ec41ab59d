// The settings page's rename and remove. Removing one changes how the account
// can be entered, so its action needs step-up; sessions made with it stay
// (removing a key is not "sign out everywhere").
import { audit } from "@/lib/audit";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";

/** False if the user has no passkey with that id. */
export async function renamePasskey(userId: string, credentialID: string, name: string): Promise<boolean> {
  const { count } = await db.authenticator.updateMany({ where: { credentialID, userId }, data: { name } });
  if (count === 0) return false;
  await audit(db, {
    action: "passkey.renamed",
    actorUserId: userId,
    targetUserId: userId,
    details: { name },
  });
  return true;
}

/** The last way in cannot go: a password, a provider or another passkey must remain. */
export function removePasskey(
  userId: string,
  credentialID: string,
  client: ClientInfo,
): Promise<{ ok: true; name: string } | { ok: false; problem: "missing" | "last_method" }> {
  return db.$transaction(async (tx) => {
    // Locks the account row first, so two removals at once cannot both pass the check below.
    await tx.user.update({ where: { id: userId }, data: { updatedAt: new Date() } });
    const user = await tx.user.findUniqueOrThrow({
      where: { id: userId },
      select: { passwordHash: true, _count: { select: { accounts: true, authenticators: true } } },
    });
    const key = await tx.authenticator.findFirst({ where: { credentialID, userId } });
    if (!key) return { ok: false, problem: "missing" } as const;
    const others = (user.passwordHash ? 1 : 0) + user._count.accounts + user._count.authenticators - 1;
    if (others === 0) return { ok: false, problem: "last_method" } as const;
    await tx.authenticator.delete({ where: { credentialID } });
    await audit(tx, {
      action: "passkey.removed",
      actorUserId: userId,
      targetUserId: userId,
      client,
      details: { name: key.name },
    });
    return { ok: true, name: key.name } as const;
  });
}
