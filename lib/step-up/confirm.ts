// "Confirm it's you": the user proves who they are again, with whatever the
// account has (password, authenticator code, passkey). Refusals count against
// the sign-in limiter, so a stolen cookie buys no extra guesses; success moves
// the session's authentication time to now and adds the method to its amr.
import { audit } from "@/lib/audit";
import { checkPassword, type PasswordCheck, refusalMessage } from "@/lib/auth/check-password";
import { setEdgeCookie } from "@/lib/auth/credentials";
import { type CurrentSession, edgeClaimsOf } from "@/lib/auth/current";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { type AuthenticationResponseJSON, verifyConfirmation } from "@/lib/passkeys/passkeys";
import { beginAttempt } from "@/lib/security/login-throttle";
import { spendTotpCode } from "@/lib/two-factor/totp";

export type Proof =
  | { method: "password"; password: string }
  | { method: "code"; code: string }
  | { method: "passkey"; response: AuthenticationResponseJSON };

export type Confirmation = { ok: true; session: CurrentSession } | { ok: false; error: string };

const AMR = { password: "pwd", code: "otp", passkey: "passkey" } as const;

const WRONG = {
  password: "The password is incorrect.",
  code: "That code is not right, or it was used already. Wait for the next one.",
  passkey: "That passkey could not be verified. Use one registered to this account.",
} as const;

export async function confirmIdentity(
  session: CurrentSession,
  proof: Proof,
  client: ClientInfo,
): Promise<Confirmation> {
  const check = await checkProof(session, proof, client);
  const event = {
    actorUserId: session.user.id,
    targetUserId: session.user.id,
    sessionId: session.sessionId,
    client,
    details: { method: AMR[proof.method] },
  };
  if (!check.ok) {
    if (check.reason === "wrong") await audit(db, { action: "session.reauthentication_failed", ...event });
    return { ok: false, error: refusalMessage(check, WRONG[proof.method]) };
  }
  const renewed = await renewAuthentication(session, AMR[proof.method]);
  // Ended while the proof was being checked: nothing to confirm.
  if (!renewed) return { ok: false, error: "This session has ended. Sign in again." };
  await audit(db, { action: "session.reauthenticated", ...event });
  return { ok: true, session: renewed };
}

/**
 * The session's authentication time moves to now and `method` joins its amr,
 * in the database and in a re-minted edge token; null if the session ended.
 * Also for forms that checked the current password themselves (password and
 * email change) and for a fresh provider sign-in (./provider.ts).
 */
export async function renewAuthentication(
  session: CurrentSession,
  /** An RFC 8176 value, or the provider's id when confirmed at a provider. */
  method: string,
): Promise<CurrentSession | null> {
  const authTime = new Date();
  const amr = [...new Set([...session.amr, method])];
  const { count } = await db.session.updateMany({
    where: { id: session.sessionId },
    data: { authTime, amr: amr.join(" ") },
  });
  if (count === 0) return null;
  const renewed = { ...session, authTime, amr };
  await setEdgeCookie(edgeClaimsOf(renewed));
  return renewed;
}

async function checkProof(session: CurrentSession, proof: Proof, client: ClientInfo): Promise<PasswordCheck> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: session.user.id },
    select: { id: true, passwordHash: true, totpSecret: true, totpLastStep: true },
  });
  if (proof.method === "password")
    return checkPassword({
      key: session.user.email,
      client,
      password: proof.password,
      hash: user.passwordHash,
      userId: user.id,
    });
  const attempt = await beginAttempt(session.user.email, client.ip);
  if (attempt.refused) return { ok: false, reason: "throttled", retryAfter: attempt.retryAfter };
  const right =
    proof.method === "code"
      ? user.totpSecret !== null &&
        (await spendTotpCode({ ...user, totpSecret: user.totpSecret }, proof.code))
      : await verifyConfirmation(proof.response, user.id);
  if (right) {
    await attempt.succeeded();
    return { ok: true };
  }
  return { ok: false, reason: "wrong", lockedFor: await attempt.failed() };
}
