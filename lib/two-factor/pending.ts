// Between the password and the second factor there is no session: only a
// pending sign-in, bound to the browser by a cookie (its token's SHA-256 is
// stored), valid 5 minutes, spent once, and void if the account's credentials
// changed or it was locked meanwhile. Wrong codes count against the same
// limiter as wrong passwords.

import { audit } from "@/lib/audit";
import { randomToken, sha256Hex } from "@/lib/crypto/token";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { sendMailAfterResponse } from "@/lib/mail/after-response";
import { enqueueMail } from "@/lib/mail/outbox";
import { twoFactorMail } from "@/lib/mail/templates";
import { beginAttempt } from "@/lib/security/login-throttle";
import { inMinutes } from "@/lib/ui/format";
import { isLocked } from "@/lib/users/lock";
import { SIGN_IN_USER } from "@/lib/users/sign-in-user";
import { spendRecoveryCode } from "./recovery-codes";
import { spendTotpCode } from "./totp";

export const PENDING_TTL_SECONDS = 5 * 60;

export async function createPendingSignIn(user: { id: string; credentialsVersion: number }): Promise<string> {
  const token = randomToken();
  // Expired ones are useless: each new one clears them (an indexed range delete).
  await db.pendingSignIn.deleteMany({ where: { expires: { lt: new Date() } } });
  await db.pendingSignIn.create({
    data: {
      tokenHash: sha256Hex(token),
      userId: user.id,
      credentialsVersion: user.credentialsVersion,
      expires: new Date(Date.now() + PENDING_TTL_SECONDS * 1000),
    },
  });
  return token;
}

export type SecondFactor = { kind: "otp" | "recovery"; code: string };

export const EXPIRED = "This sign-in has expired. Sign in again.";

type Completed =
  | {
      ok: true;
      user: { id: string; email: string; name: string | null; role: string; credentialsVersion: number };
      amr: string[];
    }
  | { ok: false; error: string; expired?: true };

async function pendingFor(token: string | undefined) {
  if (!token || token.length > 100) return null;
  const pending = await db.pendingSignIn.findUnique({ where: { tokenHash: sha256Hex(token) } });
  if (!pending || pending.usedAt || pending.expires.getTime() <= Date.now()) return null;
  const user = await db.user.findUnique({
    where: { id: pending.userId },
    select: { ...SIGN_IN_USER, totpSecret: true, totpLastStep: true },
  });
  if (!user?.totpSecret || isLocked(user) || user.credentialsVersion !== pending.credentialsVersion)
    return null;
  return { pending, user, secret: user.totpSecret };
}

/** Whether the browser's pending sign-in can still be completed (the page asks before showing the form). */
export async function pendingSignInOpen(token: string | undefined): Promise<boolean> {
  return (await pendingFor(token)) !== null;
}

export async function completeSignIn(
  token: string | undefined,
  factor: SecondFactor,
  client: ClientInfo,
): Promise<Completed> {
  const found = await pendingFor(token);
  if (!found) return { ok: false, error: EXPIRED, expired: true };
  const { pending, user, secret } = found;
  const attempt = await beginAttempt(user.email, client.ip);
  if (attempt.refused)
    return {
      ok: false,
      error:
        attempt.retryAfter > 0
          ? `Too many failed attempts. Try again in ${inMinutes(attempt.retryAfter)}.`
          : "Too many attempts at once. Try again in a moment.",
    };
  const right =
    factor.kind === "otp"
      ? await spendTotpCode({ ...user, totpSecret: secret }, factor.code)
      : await spendRecoveryCode(db, user.id, factor.code);
  if (!right) {
    const lockedFor = await attempt.failed();
    await audit(db, {
      action: "two_factor.failed",
      targetUserId: user.id,
      client,
      details: { kind: factor.kind },
    });
    return {
      ok: false,
      error:
        lockedFor > 0
          ? `Too many failed attempts. Try again in ${inMinutes(lockedFor)}.`
          : factor.kind === "otp"
            ? "That code is not right, or it was used already. Wait for the next one."
            : "That recovery code is not right, or it was used already.",
    };
  }
  await attempt.succeeded();
  const { count } = await db.pendingSignIn.updateMany({
    where: { id: pending.id, usedAt: null },
    data: { usedAt: new Date() },
  });
  if (count === 0) return { ok: false, error: EXPIRED, expired: true };
  if (factor.kind === "recovery") {
    await db.$transaction(async (tx) => {
      await audit(tx, {
        action: "two_factor.recovery_used",
        actorUserId: user.id,
        targetUserId: user.id,
        client,
      });
      await enqueueMail(tx, twoFactorMail(user, "recovery_used", new Date(), client));
    });
    sendMailAfterResponse();
  }
  return { ok: true, user, amr: ["pwd", factor.kind] };
}
