// Password-attempt throttling, per account and per IP, stored in the database so
// that every app instance counts the same attempts (rate-limiter-flexible's
// Prisma store, whose updates are atomic increments).
//
// An attempt takes its point before the password is checked and gives it back
// when the password was right, so requests sent at once cannot all slip past the
// limit while their hashes run.
//
// Per account (keyed by the email typed, whether or not it exists, so a lockout
// says nothing about existence): LOGIN_MAX_FAILURES failures in a row lock it
// for LOGIN_LOCKOUT_SECONDS, doubling with each further lockout within a day (at
// most a day). The lockout is a key of its own that a success never touches.
// Per IP: LOGIN_MAX_FAILURES_PER_IP failures an hour block that IP for an hour.
// Sign-ups: SIGNUP_MAX_PER_IP an hour per IP, successful or not.
import { config } from "@/lib/config/env";
import { limiter, secondsLeft, take } from "./limiter";

const DAY = 24 * 3600;

function create() {
  const c = config();
  return {
    /** Attempts in flight plus failures in a row. */
    attempts: limiter("login:account", c.LOGIN_MAX_FAILURES, DAY),
    lock: limiter("login:lock", 1, DAY),
    lockouts: limiter("login:lockouts", 1_000_000, DAY),
    ip: limiter("login:ip", c.LOGIN_MAX_FAILURES_PER_IP, 3600, 3600),
    refused: limiter("login:refused", 1_000_000_000, DAY),
    signups: limiter("signup:ip", c.SIGNUP_MAX_PER_IP, 3600),
  };
}

let limiters: ReturnType<typeof create> | undefined;
const get = () => {
  limiters ??= create();
  return limiters;
};

/** Why an attempt may not run; `retryAfter` 0 means "in a moment" (other attempts are still running). */
export type Refusal = { refused: true; scope: "account" | "ip"; retryAfter: number };

export type Attempt = {
  refused: false;
  /** The password was right: gives the points back and ends the run of failures. */
  succeeded(): Promise<void>;
  /** The password was wrong; returns the lockout in seconds this failure started, or 0. */
  failed(): Promise<number>;
  /** The check never ran (the hashing queue was full): gives the points back. */
  cancel(): Promise<void>;
};

export async function beginAttempt(key: string, ip: string | null): Promise<Attempt | Refusal> {
  const l = get();
  const lock = await l.lock.get(key);
  if (lock && lock.consumedPoints > 1)
    return { refused: true, scope: "account", retryAfter: secondsLeft(lock) };
  if (ip) {
    const byIp = await take(l.ip, ip);
    if ("over" in byIp) return { refused: true, scope: "ip", retryAfter: secondsLeft(byIp.over) };
  }
  const taken = await take(l.attempts, key);
  if ("over" in taken) {
    // Never ran: the point goes back (this limiter never blocks, so nothing is lifted by it).
    await Promise.all([l.attempts.reward(key), ip ? l.ip.reward(ip) : null]);
    return { refused: true, scope: "account", retryAfter: 0 };
  }
  const giveBackIp = () => (ip ? l.ip.reward(ip) : null);
  return {
    refused: false,
    async succeeded() {
      await Promise.all([l.attempts.delete(key), giveBackIp()]);
    },
    async failed() {
      if (taken.consumedPoints < config().LOGIN_MAX_FAILURES) return 0;
      const count = (await l.lockouts.penalty(key)).consumedPoints;
      const lockout = Math.min(config().LOGIN_LOCKOUT_SECONDS * 2 ** (count - 1), DAY);
      await l.lock.block(key, lockout);
      // The next run of failures starts when the lockout ends.
      await l.attempts.delete(key);
      return lockout;
    },
    async cancel() {
      await Promise.all([l.attempts.reward(key), giveBackIp()]);
    },
  };
}

/**
 * Counts a request turned away by a lockout or a block (`subject` says whose,
 * e.g. "account:<email>"), in a window as long as the refusal. Returns the count
 * so far when it is worth an audit event (1, 10, 100, ...), else 0: a flood of
 * refused attempts writes a handful of rows, not one each.
 */
export async function countRefusal(subject: string, retryAfter: number): Promise<number> {
  const res = await get().refused.consume(subject, 1, { customDuration: Math.max(retryAfter, 60) });
  const n = res.consumedPoints;
  return 10 ** Math.round(Math.log10(n)) === n ? n : 0;
}

/** Takes a sign-up from the IP's allowance; returns seconds to wait, or 0. */
export async function takeSignUp(ip: string | null): Promise<number> {
  if (!ip) return 0;
  const res = await take(get().signups, ip);
  return "over" in res ? secondsLeft(res.over) : 0;
}

/** After a password reset proved who the person is: the account's lockout and run of failures end. */
export async function clearAccountFailures(key: string): Promise<void> {
  const l = get();
  await Promise.all([l.attempts.delete(key), l.lock.delete(key)]);
}
