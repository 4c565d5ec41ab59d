import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { endOtherSessions } from "@/lib/sessions/store";
import { createUser, testClient } from "@/lib/testing/factories";
import { openSession } from "./sign-in";

/** What a password change, reset, lock or "revoke all" does to the account, in one transaction. */
function changeCredentials(userId: string) {
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { credentialsVersion: { increment: 1 } } });
    await endOtherSessions(tx, userId, null, "password_change", { action: "session.revoked" });
  });
}

describe("openSession and the credentials version", () => {
  it("creates the session while the version checked is still current", async () => {
    const user = await createUser();
    const opened = await openSession(user, testClient);
    expect(opened).not.toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
  });

  it("creates nothing when the credentials changed after the password was checked", async () => {
    const user = await createUser();
    await changeCredentials(user.id);
    expect(await openSession(user, testClient)).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { targetUserId: user.id, action: "session.created" } })).toBe(
      0,
    );
  });

  it("creates nothing for an account locked after the password was checked", async () => {
    const user = await createUser();
    await db.user.update({ where: { id: user.id }, data: { lockedAt: new Date() } });
    expect(await openSession(user, testClient)).toBeNull();
  });

  it("creates nothing while a timed lock holds, and a session once its end has passed", async () => {
    const user = await createUser({ lockedAt: new Date(), lockedUntil: new Date(Date.now() + 60_000) });
    expect(await openSession(user, testClient)).toBeNull();
    await db.user.update({ where: { id: user.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect(await openSession(user, testClient)).not.toBeNull();
  });

  it("racing a credentials change, a sign-in never outlives it", async () => {
    for (let i = 0; i < 15; i++) {
      const user = await createUser();
      // The password was checked against this version; the change commits while the session is being stored.
      await Promise.all([openSession(user, testClient), changeCredentials(user.id)]);
      expect(await db.session.count({ where: { userId: user.id } }), `round ${i}`).toBe(0);
    }
  });
});
