import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createUser, testClient } from "@/lib/testing/factories";
import { CUTOFF_ID, endEverySession, nextWholeSecond } from "./end-all";
import { findSessionByToken, insertSession } from "./store";
import { newSessionToken } from "./token";

async function sessionOf(userId: string) {
  const token = newSessionToken();
  const row = await insertSession(db, { sessionToken: token, userId, client: testClient });
  return { token, id: row.id };
}

afterEach(async () => {
  // The cutoff is global: later files' sessions must not meet it.
  await db.sessionCutoff.deleteMany();
});

describe("end every session", () => {
  it("ends every session but the one kept, in batches, and audits the count once", async () => {
    const admin = await createUser({ role: "admin" });
    const users = await Promise.all([createUser(), createUser(), createUser()]);
    const mine = await sessionOf(admin.id);
    const myOther = await sessionOf(admin.id);
    const theirs = await Promise.all(users.flatMap((u) => [sessionOf(u.id), sessionOf(u.id)]));
    const before = await db.session.count();

    const result = await endEverySession({
      keepSessionId: mine.id,
      actorUserId: admin.id,
      client: testClient,
      batchSize: 3,
    });

    expect(result.count).toBe(before - 1);
    expect(result.batches).toBeGreaterThanOrEqual(Math.ceil((before - 1) / 3));
    expect(await db.session.count()).toBe(1);
    expect(await findSessionByToken(mine.token)).not.toBeNull();
    for (const s of [myOther, ...theirs]) expect(await findSessionByToken(s.token)).toBeNull();
    const events = await db.auditEvent.findMany({
      where: { action: "session.ended_all", actorUserId: admin.id },
    });
    expect(events).toHaveLength(1);
    expect(events[0]?.details).toMatchObject({ count: before - 1, keptSessionId: mine.id });
    // One time for the edge, not a revocation per session.
    expect(await db.revokedSession.count({ where: { sessionId: { in: theirs.map((s) => s.id) } } })).toBe(0);
    // A sign-in after it is untouched.
    const later = await sessionOf(users[0]!.id);
    expect(await findSessionByToken(later.token)).not.toBeNull();
  });

  it("refuses the sessions it has not deleted yet, from the moment the cutoff is written", async () => {
    const user = await createUser();
    const waiting = await sessionOf(user.id);
    const kept = await sessionOf(user.id);
    // As the first thing endEverySession writes, before any batch ran.
    await db.sessionCutoff.create({
      data: { id: CUTOFF_ID, notBefore: nextWholeSecond(Date.now() + 1000), keepSessionId: kept.id },
    });
    expect(await findSessionByToken(waiting.token)).toBeNull();
    expect(await db.$transaction((tx) => findSessionByToken(waiting.token, tx))).toBeNull();
    expect(await findSessionByToken(kept.token)).not.toBeNull();
  });

  it("two at once end everything once between them, each batch counted by one", async () => {
    const user = await createUser();
    await Promise.all(Array.from({ length: 20 }, () => sessionOf(user.id)));
    const before = await db.session.count();
    const [a, b] = await Promise.all([
      endEverySession({ keepSessionId: null, actorUserId: null, batchSize: 4 }),
      endEverySession({ keepSessionId: null, actorUserId: null, batchSize: 4 }),
    ]);
    expect(a.count + b.count).toBe(before);
    expect(await db.session.count()).toBe(0);
  });
});
