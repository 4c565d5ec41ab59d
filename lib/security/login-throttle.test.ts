import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { type Attempt, beginAttempt, countRefusal, type Refusal, takeSignUp } from "./login-throttle";

const email = () => `throttle-${randomUUID()}@example.com`;
const ipAddress = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}-${randomUUID().slice(0, 4)}`;
const { LOGIN_MAX_FAILURES: max, LOGIN_LOCKOUT_SECONDS: lockout } = config();

async function attempt(key: string, ip: string | null = null): Promise<Attempt> {
  const a = await beginAttempt(key, ip);
  if (a.refused) throw new Error(`refused: ${JSON.stringify(a)}`);
  return a;
}

async function fail(key: string, ip: string | null = null): Promise<number> {
  return (await attempt(key, ip)).failed();
}

describe("login throttling", () => {
  it(`locks an email after ${max} failures in a row, for the configured time`, async () => {
    const e = email();
    for (let i = 1; i < max; i++) expect(await fail(e)).toBe(0);
    expect(await fail(e)).toBe(lockout);
    const refused = (await beginAttempt(e, null)) as Refusal;
    expect(refused.refused).toBe(true);
    expect(refused.retryAfter).toBeGreaterThan(lockout - 5);
    expect(refused.retryAfter).toBeLessThanOrEqual(lockout);
  });

  it("doubles the lockout each time it comes back within a day", async () => {
    const e = email();
    for (let i = 0; i < max; i++) await fail(e);
    // The first lockout ends (the stored block is moved into the past), then the next run of failures.
    await db.rateLimiterFlexible.updateMany({
      where: { key: `login:lock:${e}` },
      data: { expire: new Date(Date.now() - 1000) },
    });
    let second = 0;
    for (let i = 0; i < max; i++) second = await fail(e);
    expect(second).toBe(lockout * 2);
  });

  it("a success ends the run of failures", async () => {
    const e = email();
    for (let i = 1; i < max; i++) await fail(e);
    await (await attempt(e)).succeeded();
    expect(await fail(e)).toBe(0);
  });

  it(`attempts sent at once: only ${max} run, the rest are refused before any password check`, async () => {
    const e = email();
    const results = await Promise.all(Array.from({ length: 3 * max }, () => beginAttempt(e, null)));
    const running = results.filter((r): r is Attempt => !r.refused);
    expect(running).toHaveLength(max);
    // Refused attempts give their point back: once the running ones succeed, the account is free.
    await Promise.all(running.map((r) => r.succeeded()));
    expect((await beginAttempt(e, null)).refused).toBe(false);
  });

  it("a success never lifts a lockout that is in force", async () => {
    const e = email();
    // The right password is still being checked while the other attempts fail and start a lockout.
    const right = await attempt(e);
    let lockedFor = 0;
    for (let i = 1; i < max; i++) lockedFor = await fail(e);
    expect(lockedFor).toBe(lockout);
    await right.succeeded();
    expect(await beginAttempt(e, null)).toMatchObject({ refused: true, scope: "account" });
  });

  it("is shared through the database: another instance's limiter sees the same count", async () => {
    const e = email();
    for (let i = 0; i < max; i++) await fail(e);
    const rows = await db.rateLimiterFlexible.findMany({ where: { key: { contains: e } } });
    expect(rows.map((r) => r.key).sort()).toEqual([`login:lock:${e}`, `login:lockouts:${e}`]);
  });

  it("blocks an IP after too many failures across different emails; a success gives its point back", async () => {
    const ip = ipAddress();
    const perIp = config().LOGIN_MAX_FAILURES_PER_IP;
    await (await attempt(email(), ip)).succeeded();
    for (let i = 0; i < perIp; i++) await fail(email(), ip);
    const refused = await beginAttempt(email(), ip);
    expect(refused).toMatchObject({ refused: true, scope: "ip" });
    expect((refused as Refusal).retryAfter).toBeGreaterThan(3500);
    expect((await beginAttempt(email(), null)).refused).toBe(false);
  });

  it("counts refusals, and asks for an audit event only at 1, 10, 100, ...", async () => {
    const subject = `account:${email()}`;
    const flagged: number[] = [];
    for (let i = 0; i < 120; i++) {
      const n = await countRefusal(subject, 60);
      if (n) flagged.push(n);
    }
    expect(flagged).toEqual([1, 10, 100]);
  });

  it("limits sign-ups per IP, concurrent ones included", async () => {
    const ip = ipAddress();
    const allowed = config().SIGNUP_MAX_PER_IP;
    const waits = await Promise.all(Array.from({ length: allowed + 5 }, () => takeSignUp(ip)));
    expect(waits.filter((w) => w === 0)).toHaveLength(allowed);
    expect(Math.min(...waits.filter((w) => w > 0))).toBeGreaterThan(3500);
    expect(await takeSignUp(null)).toBe(0);
  });
});
