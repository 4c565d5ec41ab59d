// Sign-in throttling, per account and per IP, stored in the database so that
// every app instance counts the same failures (rate-limiter-flexible's Prisma store).
//
// Per account (keyed by the email typed, whether or not it exists, so a lockout
// says nothing about existence): LOGIN_MAX_FAILURES failures in a row lock it for
// LOGIN_LOCKOUT_SECONDS, doubling with each further lockout within a day (at
// most a day). Per IP: LOGIN_MAX_FAILURES_PER_IP failures an hour block that IP
// for an hour. A successful sign-in clears the account's count.
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";

const DAY = 24 * 3600;

type Limiters = { account: RateLimiterPrisma; lockouts: RateLimiterPrisma; ip: RateLimiterPrisma };
let limiters: Limiters | undefined;

function get(): Limiters {
  if (limiters) return limiters;
  const c = config();
  const store = { storeClient: db, tableName: "rateLimiterFlexible", clearExpiredByTimeout: false };
  limiters = {
    account: new RateLimiterPrisma({
      ...store,
      keyPrefix: "login:account",
      points: c.LOGIN_MAX_FAILURES,
      duration: DAY,
    }),
    lockouts: new RateLimiterPrisma({ ...store, keyPrefix: "login:lockouts", points: 1000, duration: DAY }),
    ip: new RateLimiterPrisma({
      ...store,
      keyPrefix: "login:ip",
      points: c.LOGIN_MAX_FAILURES_PER_IP,
      duration: 3600,
      blockDuration: 3600,
    }),
  };
  return limiters;
}

/** Seconds until this email or IP may try again, or 0. */
export async function retryAfter(email: string, ip: string | null): Promise<number> {
  const { account, ip: byIp } = get();
  const [a, i] = await Promise.all([account.get(email), ip ? byIp.get(ip) : null]);
  const wait = (res: RateLimiterRes | null, max: number) =>
    res && res.consumedPoints > max ? Math.ceil(res.msBeforeNext / 1000) : 0;
  const c = config();
  return Math.max(wait(a, c.LOGIN_MAX_FAILURES), wait(i, c.LOGIN_MAX_FAILURES_PER_IP));
}

/** Counts a failure; returns the lockout in seconds when this failure started one. */
export async function recordFailure(email: string, ip: string | null): Promise<number> {
  const { account, lockouts, ip: byIp } = get();
  // consume() applies the IP's block once over the limit; it rejects with a RateLimiterRes then.
  if (ip)
    await byIp.consume(ip).catch((e: unknown) => {
      if (!(e instanceof RateLimiterRes)) throw e;
    });
  const res = await account.penalty(email);
  if (res.consumedPoints < config().LOGIN_MAX_FAILURES) return 0;
  const count = (await lockouts.penalty(email)).consumedPoints;
  const seconds = Math.min(config().LOGIN_LOCKOUT_SECONDS * 2 ** (count - 1), DAY);
  await account.block(email, seconds);
  return seconds;
}

export async function recordSuccess(email: string): Promise<void> {
  await get().account.delete(email);
}
