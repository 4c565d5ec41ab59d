import { describe, expect, it } from "vitest";
import { audit, auditedAs } from "@/lib/audit";
import type { CurrentSession } from "@/lib/auth/current";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { beginSession } from "@/lib/sessions/begin";
import { IMPERSONATION_MAX_AGE_SECONDS } from "@/lib/sessions/policy";
import { endOtherSessions, findSessionByToken } from "@/lib/sessions/store";
import { newSessionToken } from "@/lib/sessions/token";
import { createUser, testClient } from "@/lib/testing/factories";
import { endImpersonation, startImpersonation } from "./sessions";

async function signedIn(userId: string) {
  const token = newSessionToken();
  const row = await db.$transaction((tx) =>
    beginSession(tx, { sessionToken: token, userId, client: testClient, signInMethod: "password" }),
  );
  return { token, row };
}

async function adminSession(): Promise<CurrentSession> {
  const admin = await createUser({ role: "admin" });
  const { row } = await signedIn(admin.id);
  return {
    sessionId: row.id,
    authTime: row.authTime,
    amr: row.amr,
    user: { id: admin.id, email: admin.email, name: admin.name, role: "admin" },
    impersonator: null,
  };
}

function start(admin: CurrentSession, userId: string) {
  return db.$transaction((tx) =>
    startImpersonation(tx, { admin, userId, reason: "ticket 42", client: testClient }),
  );
}

async function started(admin: CurrentSession, userId: string) {
  const result = await start(admin, userId);
  if ("error" in result) throw new Error(result.error);
  return result;
}

describe("startImpersonation", () => {
  it("starts a session marked with the administrator, outside the user's cap, with no new-sign-in mail", async () => {
    const admin = await adminSession();
    const user = await createUser();
    const max = config().MAX_SESSIONS_PER_USER;
    const own = [];
    for (let i = 0; i < max; i++) own.push((await signedIn(user.id)).row.id);
    const mailBefore = await db.mailMessage.count({ where: { to: user.email } });

    const { token, session } = await started(admin, user.id);
    expect(await db.mailMessage.count({ where: { to: user.email } })).toBe(mailBefore);
    expect(await db.knownDevice.count({ where: { userId: user.id } })).toBe(max);
    // None of the user's own sessions made room for it.
    expect(await db.session.count({ where: { id: { in: own } } })).toBe(max);
    // And the user's next sign-in does not end it to make room either.
    await signedIn(user.id);
    expect(await db.session.findUnique({ where: { id: session.id } })).toMatchObject({
      impersonatorId: admin.user.id,
      signInMethod: "impersonation",
      userId: user.id,
    });
    expect(await db.session.count({ where: { userId: user.id, impersonatorId: null } })).toBe(max);
    expect(session.expires.getTime() - Date.now()).toBeLessThanOrEqual(IMPERSONATION_MAX_AGE_SECONDS * 1000);

    const found = await findSessionByToken(token);
    expect(found?.user.id).toBe(user.id);
    expect(found?.impersonator).toEqual({ id: admin.user.id, email: admin.user.email });

    const event = await db.auditEvent.findFirstOrThrow({
      where: { action: "impersonation.started", sessionId: session.id },
    });
    expect(event).toMatchObject({ actorUserId: admin.user.id, targetUserId: user.id });
    expect(event.details).toMatchObject({
      reason: "ticket 42",
      impersonatorEmail: admin.user.email,
      impersonatorSessionId: admin.sessionId,
    });
  });

  it("refuses the administrator's own account, another administrator and a locked account", async () => {
    const admin = await adminSession();
    const other = await createUser({ role: "admin" });
    const locked = await createUser({ lockedAt: new Date() });
    expect(await start(admin, admin.user.id)).toEqual({ error: "That is your own account." });
    expect(await start(admin, other.id)).toEqual({ error: "You cannot sign in as another administrator." });
    expect(await start(admin, locked.id)).toEqual({ error: "That account is locked: unlock it first." });
    expect(await start(admin, "no-such-user")).toEqual({ error: "That user no longer exists." });
    expect(await db.session.count({ where: { impersonatorId: admin.user.id } })).toBe(0);
  });
});

describe("a session as a user", () => {
  it("ends 60 minutes after it started, whatever its stored expiry says", async () => {
    const admin = await adminSession();
    const user = await createUser();
    const { token, session } = await started(admin, user.id);
    const hourAgo = new Date(Date.now() - IMPERSONATION_MAX_AGE_SECONDS * 1000 - 1000);
    // Only the start moves back: the limit is read from it, not only from `expires`.
    await db.session.update({
      where: { id: session.id },
      data: { createdAt: hourAgo, expires: new Date(Date.now() + 86_400_000) },
    });
    expect(await findSessionByToken(token)).toBeNull();
    expect(await db.revokedSession.findUnique({ where: { sessionId: session.id } })).toMatchObject({
      reason: "expired",
    });
  });

  it("ends when its administrator is no longer one", async () => {
    const admin = await adminSession();
    const user = await createUser();
    const { token, session } = await started(admin, user.id);
    await db.user.update({ where: { id: admin.user.id }, data: { role: "user" } });
    expect(await findSessionByToken(token)).toBeNull();
    expect(await db.revokedSession.findUnique({ where: { sessionId: session.id } })).toMatchObject({
      reason: "impersonation_ended",
    });
  });

  it("ends with the administrator's other sessions: 'revoke all' of the admin reaches it too", async () => {
    const admin = await adminSession();
    const user = await createUser();
    const { token, session } = await started(admin, user.id);
    const ended = await db.$transaction((tx) =>
      endOtherSessions(tx, admin.user.id, admin.sessionId, "revoked_others", { action: "session.revoked" }),
    );
    expect(ended).toBe(1);
    expect(await findSessionByToken(token)).toBeNull();
    expect(await db.revokedSession.findUnique({ where: { sessionId: session.id } })).toMatchObject({
      userId: user.id,
      reason: "revoked_others",
    });
    expect(await db.session.count({ where: { id: admin.sessionId } })).toBe(1);
  });

  it("stopped twice at once leaves one revocation and one event naming both identities", async () => {
    const admin = await adminSession();
    const user = await createUser();
    const { token, session } = await started(admin, user.id);
    const current = await findSessionByToken(token);
    if (!current) throw new Error("no session");
    const asUser: CurrentSession = {
      sessionId: current.id,
      authTime: current.authTime,
      amr: current.amr,
      user: current.user,
      impersonator: current.impersonator,
    };
    const stop = () =>
      auditedAs(asUser.impersonator, () => db.$transaction((tx) => endImpersonation(tx, asUser, testClient)));
    const counts = await Promise.all([stop(), stop()]);
    expect(counts.sort()).toEqual([0, 1]);
    const events = await db.auditEvent.findMany({
      where: { action: "impersonation.stopped", sessionId: session.id },
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorUserId: admin.user.id, targetUserId: user.id });
    expect(events[0]?.details).toMatchObject({
      reason: "impersonation_ended",
      impersonatorId: admin.user.id,
      impersonatorEmail: admin.user.email,
    });
    expect(await findSessionByToken(token)).toBeNull();
  });
});

describe("auditedAs", () => {
  it("names the administrator on events written inside it only, also when requests interleave", async () => {
    const user = await createUser();
    const by = { id: "admin-1", email: "a@example.com" };
    const write = (label: string) =>
      audit(db, { action: "mail.retried", targetUserId: user.id, details: { label } });
    await Promise.all([
      auditedAs(by, async () => {
        await new Promise((r) => setTimeout(r, 5));
        await write("inside");
      }),
      write("outside"),
      auditedAs(null, () => write("no one")),
    ]);
    const events = await db.auditEvent.findMany({ where: { targetUserId: user.id } });
    const details = Object.fromEntries(
      events.map((e) => [(e.details as { label: string }).label, e.details]),
    );
    expect(details.inside).toEqual({
      label: "inside",
      impersonatorId: "admin-1",
      impersonatorEmail: "a@example.com",
    });
    expect(details.outside).toEqual({ label: "outside" });
    expect(details["no one"]).toEqual({ label: "no one" });
  });
});
