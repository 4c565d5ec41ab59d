import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { recordFailure, recordSuccess, retryAfter } from "./login-throttle";

const email = () => `throttle-${randomUUID()}@example.com`;
const { LOGIN_MAX_FAILURES: max, LOGIN_LOCKOUT_SECONDS: lockout } = config();

describe("login throttling", () => {
  it(`locks an email after ${max} failures in a row, for the configured time`, async () => {
    const e = email();
    for (let i = 1; i < max; i++) {
      expect(await recordFailure(e, null)).toBe(0);
      expect(await retryAfter(e, null)).toBe(0);
    }
    expect(await recordFailure(e, null)).toBe(lockout);
    const wait = await retryAfter(e, null);
    expect(wait).toBeGreaterThan(lockout - 5);
    expect(wait).toBeLessThanOrEqual(lockout);
  });

  it("doubles the lockout each time it comes back within a day", async () => {
    const e = email();
    for (let i = 0; i < max; i++) await recordFailure(e, null);
    // The first lockout ends (the stored block is moved into the past), then the next round of failures.
    await db.rateLimiterFlexible.updateMany({
      where: { key: `login:account:${e}` },
      data: { expire: new Date(Date.now() - 1000) },
    });
    expect(await retryAfter(e, null)).toBe(0);
    let second = 0;
    for (let i = 0; i < max; i++) second = await recordFailure(e, null);
    expect(second).toBe(lockout * 2);
  });

  it("a success clears the count of failures", async () => {
    const e = email();
    for (let i = 1; i < max; i++) await recordFailure(e, null);
    await recordSuccess(e);
    expect(await recordFailure(e, null)).toBe(0);
  });

  it("is shared through the database: another instance's limiter sees the same count", async () => {
    const e = email();
    for (let i = 0; i < max; i++) await recordFailure(e, null);
    const rows = await db.rateLimiterFlexible.findMany({ where: { key: { contains: e } } });
    expect(rows.map((r) => r.key).sort()).toEqual([`login:account:${e}`, `login:lockouts:${e}`]);
  });

  it("blocks an IP after too many failures across different emails", async () => {
    const ip = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    const perIp = config().LOGIN_MAX_FAILURES_PER_IP;
    for (let i = 0; i < perIp; i++) await recordFailure(email(), ip);
    expect(await retryAfter(email(), ip)).toBe(0);
    await recordFailure(email(), ip);
    expect(await retryAfter(email(), ip)).toBeGreaterThan(3500);
    expect(await retryAfter(email(), null)).toBe(0);
  });
});
