// One way to build a limiter: rate-limiter-flexible's Prisma store, so every app
// instance counts against the same rows (its updates are atomic increments).
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { db } from "@/lib/db/client";

export function limiter(keyPrefix: string, points: number, duration: number, blockDuration = 0) {
  return new RateLimiterPrisma({
    storeClient: db,
    tableName: "rateLimiterFlexible",
    clearExpiredByTimeout: false,
    keyPrefix,
    points,
    duration,
    blockDuration,
  });
}

/** consume() rejects with a RateLimiterRes when over the limit; anything else is a real error. */
export async function take(
  l: RateLimiterPrisma,
  key: string,
): Promise<RateLimiterRes | { over: RateLimiterRes }> {
  try {
    return await l.consume(key);
  } catch (err) {
    if (err instanceof RateLimiterRes) return { over: err };
    throw err;
  }
}

/** Whole seconds until a limiter lets the key through again (at least 1). */
export const secondsLeft = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));
