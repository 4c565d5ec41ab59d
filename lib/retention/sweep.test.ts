// The retention sweep against the run's database: what has lapsed goes, what is
// live stays, sessions end through the feed, and sweeps racing each other agree.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { KNOWN_DEVICE_DAYS } from "@/lib/sessions/known-devices";
import { insertSession } from "@/lib/sessions/store";
import { newSessionToken } from "@/lib/sessions/token";
import { createUser, testClient } from "@/lib/testing/factories";
import { sweep } from "./sweep";

const DAY = 86_400_000;
const ago = (ms: number) => new Date(Date.now() - ms);
const ahead = (ms: number) => new Date(Date.now() + ms);

async function session(userId: string, times: { expires?: Date; lastActiveAt?: Date } = {}) {
  const row = await insertSession(db, { sessionToken: newSessionToken(), userId, client: testClient });
  return db.session.update({ where: { id: row.id }, data: times });
}

describe("the retention sweep", () => {
  it("removes what lapsed and keeps what is live, in batches, ending sessions through the feed", async () => {
    const user = await createUser();
    const idleFor = config().SESSION_IDLE_TIMEOUT_SECONDS * 1000;
    const expired = await session(user.id, { expires: ago(1000) });
    const idle = await session(user.id, { lastActiveAt: ago(idleFor + 1000) });
    const live = await session(user.id);
    const tag = randomUUID();
    await db.revokedSession.createMany({
      data: [
        { sessionId: `old-${tag}`, userId: user.id, reason: "revoked", revokedAt: ago(DAY) },
        { sessionId: `new-${tag}`, userId: user.id, reason: "revoked" },
      ],
    });
    await db.rateLimiterFlexible.createMany({
      data: [
        { key: `old-${tag}`, points: 3, expire: ago(1000) },
        { key: `new-${tag}`, points: 3, expire: ahead(60_000) },
        { key: `forever-${tag}`, points: 3, expire: null },
      ],
    });
    await db.dpopProof.createMany({
      data: [
        { id: `old-${tag}`, expires: ago(1000) },
        { id: `new-${tag}`, expires: ahead(60_000) },
      ],
    });
    await db.auditEvent.createMany({
      data: [
        {
          action: "login.failed",
          targetUserId: user.id,
          createdAt: ago((config().AUDIT_RETENTION_DAYS + 1) * DAY),
        },
        { action: "login.failed", targetUserId: user.id },
      ],
    });
    await db.knownDevice.createMany({
      data: [
        { userId: user.id, deviceHash: `old-${tag}`, lastSeenAt: ago((KNOWN_DEVICE_DAYS + 1) * DAY) },
        { userId: user.id, deviceHash: `new-${tag}` },
      ],
    });
    await db.deviceAuthorization.createMany({
      data: ["old", "new"].map((age) => ({
        deviceCodeHash: `${age}-${tag}`,
        userCodeHash: `${age}-${tag}`,
        clientId: "cli",
        scope: "profile",
        interval: 5,
        expires: age === "old" ? ago(1000) : ahead(60_000),
      })),
    });
    await db.webAuthnChallenge.createMany({
      data: [
        { challenge: `old-${tag}`, purpose: "login", expires: ago(1000) },
        { challenge: `new-${tag}`, purpose: "login", expires: ahead(60_000) },
      ],
    });

    // A batch of 2 makes every table take several rounds.
    const result = await sweep(new Date(), { batch: 2 });
    expect(result.sessions).toBeGreaterThanOrEqual(2);

    expect((await db.session.findMany({ where: { userId: user.id } })).map((s) => s.id)).toEqual([live.id]);
    const ended = await db.revokedSession.findMany({ where: { sessionId: { in: [expired.id, idle.id] } } });
    expect(Object.fromEntries(ended.map((r) => [r.sessionId, r.reason]))).toEqual({
      [expired.id]: "expired",
      [idle.id]: "idle",
    });
    expect(
      await db.auditEvent.count({
        where: { sessionId: { in: [expired.id, idle.id] }, action: "session.expired" },
      }),
    ).toBe(2);

    const left = async (
      rows: Promise<
        {
          id?: string;
          key?: string;
          sessionId?: string;
          challenge?: string;
          deviceHash?: string;
          deviceCodeHash?: string;
        }[]
      >,
    ) =>
      (await rows)
        .map((r) => r.id ?? r.key ?? r.sessionId ?? r.challenge ?? r.deviceHash ?? r.deviceCodeHash)
        .sort();
    expect(await left(db.revokedSession.findMany({ where: { sessionId: { endsWith: tag } } }))).toEqual([
      `new-${tag}`,
    ]);
    expect(await left(db.rateLimiterFlexible.findMany({ where: { key: { endsWith: tag } } }))).toEqual([
      `forever-${tag}`,
      `new-${tag}`,
    ]);
    expect(await left(db.dpopProof.findMany({ where: { id: { endsWith: tag } } }))).toEqual([`new-${tag}`]);
    expect(await left(db.knownDevice.findMany({ where: { deviceHash: { endsWith: tag } } }))).toEqual([
      `new-${tag}`,
    ]);
    expect(
      await left(
        db.deviceAuthorization.findMany({
          where: { deviceCodeHash: { endsWith: tag } },
          select: { deviceCodeHash: true },
        }),
      ),
    ).toEqual([`new-${tag}`]);
    expect(await left(db.webAuthnChallenge.findMany({ where: { challenge: { endsWith: tag } } }))).toEqual([
      `new-${tag}`,
    ]);
    expect(await db.auditEvent.count({ where: { targetUserId: user.id, action: "login.failed" } })).toBe(1);
  });

  it("run by several instances at once, ends each lapsed session once", async () => {
    const user = await createUser();
    const lapsed = await Promise.all(
      Array.from({ length: 12 }, () => session(user.id, { expires: ago(1000) })),
    );
    await Promise.all([
      sweep(new Date(), { batch: 5 }),
      sweep(new Date(), { batch: 5 }),
      sweep(new Date(), { batch: 5 }),
    ]);
    const ids = lapsed.map((s) => s.id);
    expect(await db.session.count({ where: { id: { in: ids } } })).toBe(0);
    expect(await db.revokedSession.count({ where: { sessionId: { in: ids } } })).toBe(12);
    expect(await db.auditEvent.count({ where: { sessionId: { in: ids }, action: "session.expired" } })).toBe(
      12,
    );
  });
});
