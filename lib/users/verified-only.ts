// Ways into an account other than its password (a passkey, an authenticator
// app) are added only once its address is verified. Without that, whoever
// signed up first with someone else's address (verification is optional by
// default) could plant one, and it would outlive the owner's password reset:
// a pre-account takeover. What was added before the address was proved, also
// by an older version or a deployment that did not ask, is removed when a
// password reset proves it for the first time (lib/auth/password-reset.ts).
import type { DbTx } from "@/lib/db/client";
import { db } from "@/lib/db/client";

export const VERIFY_FIRST =
  "Verify your email address first: use the link we sent you, or send a new one from the dashboard.";

/** Whether the account's current address is verified (read now, not from the session). */
export async function emailVerified(userId: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { emailVerified: true } });
  return Boolean(user?.emailVerified);
}

export type RemovedAccess = { accounts: number; passkeys: number; twoFactor: boolean };

/**
 * Removes every provider link, passkey and authenticator secret (on or being
 * set up, with its recovery codes) of the account, in the caller's transaction:
 * the reset that proves the address decides what stays, and the new password is
 * the only way in it leaves.
 */
/** The User columns of an authenticator app, set up or half set up, all cleared: turning it off writes the same. */
export const NO_AUTHENTICATOR_APP = {
  totpSecret: null,
  totpPendingSecret: null,
  totpSetupStartedAt: null,
  totpEnabledAt: null,
  totpLastStep: null,
};

export async function removeUnverifiedAccess(tx: DbTx, userId: string): Promise<RemovedAccess> {
  const accounts = (await tx.account.deleteMany({ where: { userId } })).count;
  const passkeys = (await tx.authenticator.deleteMany({ where: { userId } })).count;
  const { count: totp } = await tx.user.updateMany({
    where: { id: userId, OR: [{ totpSecret: { not: null } }, { totpPendingSecret: { not: null } }] },
    data: NO_AUTHENTICATOR_APP,
  });
  const codes = (await tx.recoveryCode.deleteMany({ where: { userId } })).count;
  return { accounts, passkeys, twoFactor: totp > 0 || codes > 0 };
}

export function removedAnything(removed: RemovedAccess): boolean {
  return removed.accounts > 0 || removed.passkeys > 0 || removed.twoFactor;
}

/** In words, for the "Your password was changed" mail. */
export function removedInWords(removed: RemovedAccess): string[] {
  const words: string[] = [];
  if (removed.accounts > 0)
    words.push(`${removed.accounts} connected sign-in ${removed.accounts === 1 ? "provider" : "providers"}`);
  if (removed.passkeys > 0)
    words.push(`${removed.passkeys} ${removed.passkeys === 1 ? "passkey" : "passkeys"}`);
  if (removed.twoFactor) words.push("the authenticator app and its recovery codes");
  return words;
}
