import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createUser, testClient } from "@/lib/testing/factories";
import {
  endOtherSessions,
  endSessions,
  findSessionByToken,
  insertSession,
  listActiveSessions,
} from "./store";
import { hashSessionToken, newSessionToken } from "./token";

const DAY = 24 * 3600 * 1000;
let user: Awaited<ReturnType<typeof createUser>>;

beforeEach(async () => {
  user = await createUser();
});

async function newSession(times: { createdAt?: Date; lastActiveAt?: Date; expires?: Date } = {}) {
  const token = newSessionToken();
  const row = await insertSession(db, {
    sessionToken: token,
    userId: user.id,
    client: testClient,
    expires: times.expires,
  });
  if (times.lastActiveAt || times.createdAt) {
    await db.session.update({
      where: { id: row.id },
      data: { lastActiveAt: times.lastActiveAt, createdAt: times.createdAt },
    });
  }
  return { token, row };
}

describe("session tokens", () => {
  it("are 256-bit random values, and the database holds only their SHA-256", async () => {
    const { token, row } = await newSession();
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect(row.sessionToken).toBe(hashSessionToken(token));
    expect(row.sessionToken).toMatch(/^[0-9a-f]{64}$/);
    const stored = await db.session.findMany({ where: { userId: user.id } });
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(newSessionToken()).not.toBe(newSessionToken());
  });

  it("find the session by the raw token, never by its hash", async () => {
    const { token, row } = await newSession();
    expect((await findSessionByToken(token))?.id).toBe(row.id);
    expect(await findSessionByToken(row.sessionToken)).toBeNull();
    expect(await findSessionByToken(newSessionToken())).toBeNull();
  });

  it("read back the times stored, whatever the server's time zone", async () => {
    const zone = process.env.TZ;
    process.env.TZ = "Pacific/Auckland"; // UTC+13 in November: a local-time reading would be far off
    try {
      const { token, row } = await newSession();
      const found = await findSessionByToken(token);
      expect(found?.expires.toISOString()).toBe(row.expires.toISOString());
      expect(found?.createdAt.toISOString()).toBe(row.createdAt.toISOString());
      expect(found?.lastActiveAt.toISOString()).toBe(row.lastActiveAt.toISOString());
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("carry the device metadata", async () => {
    const { row } = await newSession();
    expect(row).toMatchObject({ ip: "198.51.100.7", userAgent: "vitest", deviceLabel: "Test device" });
  });
});

describe("timeouts", () => {
  it("refuse and delete a session past its absolute expiry, and record why", async () => {
    const { token, row } = await newSession({ expires: new Date(Date.now() - 1000) });
    expect(await findSessionByToken(token)).toBeNull();
    expect(await db.session.findUnique({ where: { id: row.id } })).toBeNull();
    expect(await db.revokedSession.findUnique({ where: { sessionId: row.id } })).toMatchObject({
      reason: "expired",
    });
    expect(
      await db.auditEvent.findFirst({ where: { sessionId: row.id, action: "session.expired" } }),
    ).not.toBeNull();
  });

  it("refuse a session idle for longer than the idle timeout (default 7 days)", async () => {
    const { token, row } = await newSession({ lastActiveAt: new Date(Date.now() - 7 * DAY - 1000) });
    expect(await findSessionByToken(token)).toBeNull();
    expect(await db.revokedSession.findUnique({ where: { sessionId: row.id } })).toMatchObject({
      reason: "idle",
    });
  });

  it("keep a session active just inside both limits", async () => {
    const { token } = await newSession({ lastActiveAt: new Date(Date.now() - 7 * DAY + 60_000) });
    expect(await findSessionByToken(token)).not.toBeNull();
  });

  it("never extend the absolute expiry on activity", async () => {
    const { token, row } = await newSession({ lastActiveAt: new Date(Date.now() - 3600_000) });
    await findSessionByToken(token);
    const after = await db.session.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.expires.getTime()).toBe(row.expires.getTime());
    expect(after.lastActiveAt.getTime()).toBeGreaterThan(Date.now() - 5000);
  });

  it("refuse every session of a locked user", async () => {
    const { token } = await newSession();
    await db.user.update({ where: { id: user.id }, data: { lockedAt: new Date() } });
    expect(await findSessionByToken(token)).toBeNull();
  });

  it("refuse a timed lock's sessions until its end, then accept new ones (through a transaction client too)", async () => {
    await db.user.update({
      where: { id: user.id },
      data: { lockedAt: new Date(), lockedUntil: new Date(Date.now() + 60_000) },
    });
    const { token } = await newSession();
    expect(await findSessionByToken(token)).toBeNull();
    expect(await db.$transaction((tx) => findSessionByToken(token, tx))).toBeNull();
    // The clock reaches the end (moved in the database): the lock has lifted, no job ran.
    await db.user.update({ where: { id: user.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect(await findSessionByToken(token)).not.toBeNull();
    expect(await db.$transaction((tx) => findSessionByToken(token, tx))).not.toBeNull();
  });
});

describe("lastActiveAt", () => {
  it("is written at most once a minute however often the session is used", async () => {
    const recent = new Date(Date.now() - 30_000);
    const { token, row } = await newSession({ lastActiveAt: recent });
    for (let i = 0; i < 5; i++) await findSessionByToken(token);
    const after = await db.session.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.lastActiveAt.getTime()).toBe(recent.getTime());
  });

  it("is written once a minute has passed, once even for concurrent requests", async () => {
    const old = new Date(Date.now() - 61_000);
    const { token, row } = await newSession({ lastActiveAt: old });
    await Promise.all([1, 2, 3, 4].map(() => findSessionByToken(token)));
    const after = await db.session.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.lastActiveAt.getTime()).toBeGreaterThan(old.getTime());
  });
});

describe("ending sessions", () => {
  it("deletes the rows, records them for the edge feed and audits each, in one go", async () => {
    const a = await newSession();
    const b = await newSession();
    const ended = await db.$transaction((tx) =>
      endSessions(tx, [a.row, b.row], "revoked", { action: "session.revoked", actorUserId: user.id }),
    );
    expect(ended).toBe(2);
    expect(await findSessionByToken(a.token)).toBeNull();
    expect(await db.revokedSession.count({ where: { sessionId: { in: [a.row.id, b.row.id] } } })).toBe(2);
    const events = await db.auditEvent.findMany({ where: { sessionId: { in: [a.row.id, b.row.id] } } });
    expect(events.map((e) => [e.action, e.actorUserId, e.targetUserId])).toEqual([
      ["session.revoked", user.id, user.id],
      ["session.revoked", user.id, user.id],
    ]);
  });

  it("a failed transaction leaves sessions, revocations and audit untouched", async () => {
    const a = await newSession();
    await expect(
      db.$transaction(async (tx) => {
        await endSessions(tx, [a.row], "revoked", { action: "session.revoked" });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await findSessionByToken(a.token)).not.toBeNull();
    expect(await db.revokedSession.count({ where: { sessionId: a.row.id } })).toBe(0);
  });

  it("ends a session once however many requests end it at once: one revocation, one event, no error", async () => {
    const { row } = await newSession();
    const counts = await Promise.all(
      [1, 2, 3, 4, 5].map(() =>
        db.$transaction((tx) => endSessions(tx, [row], "revoked", { action: "session.revoked" })),
      ),
    );
    expect(counts.sort()).toEqual([0, 0, 0, 0, 1]);
    expect(await db.revokedSession.count({ where: { sessionId: row.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { sessionId: row.id } })).toBe(1);
  });

  it("expires a session once when several requests find it expired at once", async () => {
    const { token, row } = await newSession({ expires: new Date(Date.now() - 1000) });
    const found = await Promise.all([1, 2, 3, 4, 5].map(() => findSessionByToken(token)));
    expect(found).toEqual([null, null, null, null, null]);
    expect(await db.revokedSession.count({ where: { sessionId: row.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { sessionId: row.id, action: "session.expired" } })).toBe(1);
  });

  it("records and audits only the sessions it actually ended", async () => {
    const gone = await newSession();
    const live = await newSession();
    await db.$transaction((tx) => endSessions(tx, [gone.row], "signout", { action: "session.signed_out" }));
    const ended = await db.$transaction((tx) =>
      endSessions(tx, [gone.row, live.row], "revoked", { action: "session.revoked" }),
    );
    expect(ended).toBe(1);
    expect(await db.revokedSession.findUnique({ where: { sessionId: gone.row.id } })).toMatchObject({
      reason: "signout",
    });
    expect(await db.auditEvent.count({ where: { sessionId: gone.row.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { sessionId: live.row.id } })).toBe(1);
  });

  it("'all other devices' keeps the current one and ends the rest", async () => {
    const current = await newSession();
    await newSession();
    await newSession();
    const ended = await db.$transaction((tx) =>
      endOtherSessions(tx, user.id, current.row.id, "revoked_others", { action: "session.revoked" }),
    );
    expect(ended).toBe(2);
    expect((await listActiveSessions(user.id)).map((s) => s.id)).toEqual([current.row.id]);
  });

  it("lists only active sessions, most recently active first", async () => {
    const older = await newSession({ lastActiveAt: new Date(Date.now() - 3600_000) });
    const newer = await newSession();
    await newSession({ lastActiveAt: new Date(Date.now() - 8 * DAY) });
    await newSession({ expires: new Date(Date.now() - 1000) });
    expect((await listActiveSessions(user.id)).map((s) => s.id)).toEqual([newer.row.id, older.row.id]);
  });
});
