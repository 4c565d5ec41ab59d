// The one way a typed password is checked (sign-in, "current password"): the
// attempt is taken from the limiter first, bcrypt runs on the hashing pool, and
// refusals are counted without writing a row each.
import { audit } from "@/lib/audit";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { beginAttempt, countRefusal } from "@/lib/security/login-throttle";
import { inMinutes } from "@/lib/ui/format";
import { HashingBusyError } from "./hash-pool";
import { hashIsCurrent, hashPassword, verifyPassword } from "./password";
import { newPasswordProblem, type PasswordOwner } from "./password-policy";

export type PasswordCheck =
  | { ok: true }
  | { ok: false; reason: "wrong"; lockedFor: number }
  | { ok: false; reason: "throttled"; retryAfter: number }
  | { ok: false; reason: "busy" };

export const BUSY_MESSAGE = "Too many sign-ins right now. Try again in a moment.";

/** What to tell the person when a check did not pass; `wrong` is the caller's own wording. */
export function refusalMessage(check: Exclude<PasswordCheck, { ok: true }>, wrong: string): string {
  if (check.reason === "busy") return BUSY_MESSAGE;
  if (check.reason === "throttled" && check.retryAfter === 0)
    return "Too many sign-in attempts at once. Try again in a moment.";
  const wait = check.reason === "throttled" ? check.retryAfter : check.lockedFor;
  return wait > 0 ? `Too many failed sign-in attempts. Try again in ${inMinutes(wait)}.` : wrong;
}

export async function checkPassword(input: {
  /** The limiter key: the email typed, or the signed-in user's email. */
  key: string;
  client: ClientInfo;
  password: string;
  hash: string | null | undefined;
  userId?: string;
}): Promise<PasswordCheck> {
  const { key, client } = input;
  const attempt = await beginAttempt(key, client.ip);
  if (attempt.refused) {
    const subject = attempt.scope === "ip" ? `ip:${client.ip}` : `account:${key}`;
    const count = await countRefusal(subject, attempt.retryAfter);
    if (count > 0)
      await audit(db, {
        action: "login.throttled",
        targetUserId: input.userId,
        client,
        details: {
          scope: attempt.scope,
          refused: count,
          ...(attempt.scope === "account" ? { email: key } : {}),
        },
      });
    return { ok: false, reason: "throttled", retryAfter: attempt.retryAfter };
  }
  let valid: boolean;
  try {
    valid = await verifyPassword(input.password, input.hash);
  } catch (err) {
    await attempt.cancel();
    if (err instanceof HashingBusyError) return { ok: false, reason: "busy" };
    throw err;
  }
  if (valid) {
    await attempt.succeeded();
    if (input.userId && input.hash && !hashIsCurrent(input.hash))
      await upgradeHash(input.userId, input.hash, input.password);
    return { ok: true };
  }
  const lockedFor = await attempt.failed();
  if (lockedFor > 0)
    await audit(db, {
      action: "account.locked",
      targetUserId: input.userId,
      client,
      details: { reason: "too_many_failures", seconds: lockedFor, email: key },
    });
  return { ok: false, reason: "wrong", lockedFor };
}

/**
 * A hash of an older form (plain bcrypt, or another pepper) is rewritten now that
 * the password is known. Conditional on the hash read: of two sign-ins at once
 * one rewrites it, and a password changed meanwhile is never overwritten. A full
 * hashing queue leaves it for the next sign-in.
 */
async function upgradeHash(userId: string, oldHash: string, password: string): Promise<void> {
  let hash: string;
  try {
    hash = await hashPassword(password);
  } catch (err) {
    if (err instanceof HashingBusyError) return;
    throw err;
  }
  await db.user.updateMany({ where: { id: userId, passwordHash: oldHash }, data: { passwordHash: hash } });
}

/**
 * A new password's hash, or the words to show: the password policy's refusal
 * (lib/auth/password-policy.ts), or a full hashing queue.
 */
export async function hashNewPassword(
  password: string,
  owner: PasswordOwner,
): Promise<{ hash: string } | { error: string }> {
  const problem = await newPasswordProblem(password, owner);
  if (problem) return { error: problem };
  try {
    return { hash: await hashPassword(password) };
  } catch (err) {
    if (err instanceof HashingBusyError) return { error: BUSY_MESSAGE };
    throw err;
  }
}

/**
 * The current password on a settings form, through the sign-in limiter keyed by
 * the account: a stolen cookie buys no extra guesses.
 */
export async function checkCurrentPassword(
  userId: string,
  password: string,
  client: ClientInfo,
): Promise<{
  user: { id: string; email: string; name: string | null; credentialsVersion: number };
  check: PasswordCheck;
}> {
  const { passwordHash, ...user } = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, email: true, name: true, passwordHash: true, credentialsVersion: true },
  });
  const check = await checkPassword({ key: user.email, client, password, hash: passwordHash, userId });
  return { user, check };
}
