import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { insertSession } from "@/lib/sessions/store";
import { newSessionToken } from "@/lib/sessions/token";
import { createUser, testClient } from "@/lib/testing/factories";
import { decodeCursor } from "./cursor";
import { FILTER_MAX_USERS, findAccounts, listAllSessions, listAuditEvents, PAGE_SIZE } from "./queries";

describe("admin session list", () => {
  it("pages through every active session of a user, newest activity first, with Next and Previous", async () => {
    const user = await createUser();
    const total = PAGE_SIZE + 7;
    const base = Date.now() - 3600_000;
    for (let i = 0; i < total; i++) {
      const s = await insertSession(db, {
        sessionToken: newSessionToken(),
        userId: user.id,
        client: testClient,
      });
      await db.session.update({ where: { id: s.id }, data: { lastActiveAt: new Date(base + i * 1000) } });
    }
    // Not listed: expired and idle sessions.
    await insertSession(db, {
      sessionToken: newSessionToken(),
      userId: user.id,
      expires: new Date(Date.now() - 1),
    });

    const first = await listAllSessions({}, user.email);
    expect(first.rows).toHaveLength(PAGE_SIZE);
    expect(first.previous).toBeUndefined();
    const times = first.rows.map((r) => r.lastActiveAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const second = await listAllSessions({ after: decodeCursor(first.next) }, user.email);
    expect(second.rows).toHaveLength(7);
    expect(second.next).toBeUndefined();
    const seen = new Set([...first.rows, ...second.rows].map((r) => r.id));
    expect(seen.size).toBe(total);

    const back = await listAllSessions({ before: decodeCursor(second.previous) }, user.email);
    expect(back.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    expect(back.previous).toBeUndefined();
  });

  it("neither repeats nor skips sessions that share one lastActiveAt across page boundaries", async () => {
    const user = await createUser();
    const same = new Date(Date.now() - 60_000);
    const total = PAGE_SIZE * 2 + 3;
    for (let i = 0; i < total; i++) {
      const s = await insertSession(db, {
        sessionToken: newSessionToken(),
        userId: user.id,
        client: testClient,
      });
      await db.session.update({ where: { id: s.id }, data: { lastActiveAt: same } });
    }
    const pages = [await listAllSessions({}, user.email)];
    while (pages.at(-1)?.next) {
      pages.push(await listAllSessions({ after: decodeCursor(pages.at(-1)?.next) }, user.email));
    }
    expect(pages.map((p) => p.rows.length)).toEqual([PAGE_SIZE, PAGE_SIZE, 3]);
    expect(new Set(pages.flatMap((p) => p.rows.map((r) => r.id))).size).toBe(total);

    const back = await listAllSessions({ before: decodeCursor(pages[2]?.previous) }, user.email);
    expect(back.rows.map((r) => r.id)).toEqual(pages[1]?.rows.map((r) => r.id));
  });

  it("says when an email filter matches more accounts than it searches", async () => {
    const tag = `many-${Date.now()}`;
    await db.user.createMany({
      data: Array.from({ length: FILTER_MAX_USERS + 1 }, (_, i) => ({ email: `${tag}-${i}@example.com` })),
    });
    expect((await listAllSessions({}, tag)).tooManyAccounts).toBe(true);
    expect((await listAuditEvents({}, { email: tag })).tooManyAccounts).toBe(true);
    expect((await listAllSessions({}, `${tag}-7@`)).tooManyAccounts).toBe(false);
    expect((await listAllSessions({})).tooManyAccounts).toBe(false);
  });

  it("finds a locked user with no session, so an admin can unlock them", async () => {
    const user = await createUser({ lockedAt: new Date() });
    const [found] = await findAccounts(user.email);
    expect(found).toMatchObject({ id: user.id, email: user.email, _count: { sessions: 0 } });
    expect(found?.lock?.at).toBeInstanceOf(Date);
  });

  it("shows a lock's reason, who set it and its end, and a lock whose end has passed as none", async () => {
    const admin = await createUser({ role: "admin" });
    const until = new Date(Date.now() + 3600_000);
    const user = await createUser({
      lockedAt: new Date(),
      lockedUntil: until,
      lockedReason: "Chargeback",
      lockedById: admin.id,
    });
    const [found] = await findAccounts(user.email);
    expect(found?.lock).toMatchObject({ reason: "Chargeback", by: admin.email, until });
    // The clock moved past the end: the lock lifted itself, nothing had to run.
    await db.user.update({ where: { id: user.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect((await findAccounts(user.email))[0]?.lock).toBeNull();
  });
});
