// Deleting an account against the real database of the run (SQLite, and
// PostgreSQL with TEST_DATABASE_URL): every per-user row goes, the audit trail
// stays without the person in it, the last notice is the one mail left, and a
// sign-in racing the deletion leaves no session the edge does not hear about.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openSession } from "@/lib/auth/sign-in";
import { db } from "@/lib/db/client";
import { createFullAccount, createUser, testClient } from "@/lib/testing/factories";
import { deleteAccount } from "./delete";

/** Every model with a `userId` column, read from the schema, so a new per-user table is checked too. */
function modelsWithUserId(): string[] {
  const schema = readFileSync(path.resolve(import.meta.dirname, "../../prisma/schema.prisma"), "utf8");
  return [...schema.matchAll(/^model (\w+) \{([^}]*)\}/gm)]
    .filter(([, , body]) => /^\s+userId\s/m.test(body ?? ""))
    .map(([, name]) => name as string);
}

/** The ended sessions stay in the revocation feed (ids only): that is how the edge learns of them. */
const KEPT_FOR_THE_FEED = "RevokedSession";

type CountByUser = { count(args: { where: { userId: string } }): Promise<number> };
const table = (model: string) =>
  (db as unknown as Record<string, CountByUser>)[
    model.charAt(0).toLowerCase() + model.slice(1)
  ] as CountByUser;

describe("deleteAccount", () => {
  it("removes every per-user row, keeps the audit rows without address, IP or user agent, and queues the last notice", async () => {
    const bystander = await createFullAccount();
    const { user, sessions, secrets } = await createFullAccount();
    const eventsBefore = await db.auditEvent.count({ where: { targetUserId: user.id } });
    // A change of address asked for one that is someone else's: their mail is theirs.
    await db.linkToken.create({
      data: {
        tokenHash: `to-bystander-${user.id}`,
        purpose: "change_email",
        userId: user.id,
        email: bystander.user.email,
        expires: new Date(Date.now() + 60_000),
      },
    });

    expect(await deleteAccount(user.id, { by: "owner" })).toEqual({ ok: true, email: user.email });

    expect(await db.user.count({ where: { id: user.id } })).toBe(0);
    const perUser = modelsWithUserId().filter((m) => m !== KEPT_FOR_THE_FEED);
    expect(perUser).toEqual(expect.arrayContaining(["Account", "Session", "Authenticator", "KnownDevice"]));
    for (const model of perUser)
      expect(await table(model).count({ where: { userId: user.id } }), model).toBe(0);
    const sessionIds = sessions.map((s) => s.id);
    expect(await db.bindingChallenge.count({ where: { sessionId: { in: sessionIds } } })).toBe(0);
    expect(await db.connectIntent.count({ where: { sessionId: { in: sessionIds } } })).toBe(0);
    expect(await db.verificationToken.count({ where: { identifier: user.email } })).toBe(0);
    expect(await db.rateLimiterFlexible.count({ where: { key: { endsWith: user.email } } })).toBe(0);

    // Each session ended through the feed, not by cascade.
    const revoked = await db.revokedSession.findMany({ where: { sessionId: { in: sessionIds } } });
    expect(revoked.map((r) => r.reason)).toEqual(["user_deleted", "user_deleted", "user_deleted"]);
    // The API client's tokens and sign-in requests went with its session and the user.
    expect(await db.apiRefreshToken.count({ where: { sessionId: { in: sessionIds } } })).toBe(0);
    expect(await db.deviceAuthorization.count({ where: { userId: user.id } })).toBe(0);

    // Mail: the notice, and nothing else to either address.
    const mail = await db.mailMessage.findMany({
      where: { to: { in: [user.email, `new-${user.email}`] } },
      select: { kind: true, subject: true },
    });
    expect(mail).toEqual([{ kind: "account_deleted", subject: "Your account was deleted" }]);

    // The audit trail: every event is still there, with ids and actions, and none says who or where.
    const events = await db.auditEvent.findMany({
      where: { OR: [{ targetUserId: user.id }, { actorUserId: user.id }] },
    });
    expect(events.length).toBeGreaterThan(eventsBefore);
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        "session.created",
        "login.throttled",
        "passkey.added",
        "session.revoked",
        "user.deleted",
      ]),
    );
    for (const e of events) {
      expect(e, e.action).toMatchObject({ ip: null, userAgent: null });
      expect(JSON.stringify(e.details ?? {}), e.action).not.toMatch(/@|Work laptop/);
    }
    expect(JSON.stringify(events)).not.toContain(secrets.passwordHash);

    // Someone else's account is untouched.
    expect(await db.session.count({ where: { userId: bystander.user.id } })).toBe(3);
    expect(await db.mailMessage.count({ where: { to: bystander.user.email } })).toBe(2);
    expect(
      await db.auditEvent.count({ where: { targetUserId: bystander.user.id, ip: testClient.ip } }),
    ).toBeGreaterThan(0);
  });

  it("an administrator's deletion is audited with the reason and ends the sessions they had started as users", async () => {
    const admin = await createUser({ role: "admin" });
    const doomedAdmin = await createFullAccount({ role: "admin" });
    const victim = await createUser();
    const asUser = await db.session.create({
      data: {
        sessionToken: `impersonation-${victim.id}`,
        userId: victim.id,
        impersonatorId: doomedAdmin.user.id,
        expires: new Date(Date.now() + 600_000),
      },
    });
    const outcome = await deleteAccount(doomedAdmin.user.id, {
      by: "admin",
      adminId: admin.id,
      reason: "left the company",
      client: testClient,
    });
    expect(outcome).toEqual({ ok: true, email: doomedAdmin.user.email });
    expect(await db.revokedSession.findUnique({ where: { sessionId: asUser.id } })).toMatchObject({
      reason: "user_deleted",
    });
    const deleted = await db.auditEvent.findFirstOrThrow({
      where: { action: "user.deleted", targetUserId: doomedAdmin.user.id },
    });
    expect(deleted).toMatchObject({
      actorUserId: admin.id,
      details: { by: "admin", reason: "left the company" },
    });
  });

  it("refuses an administrator deleting a user they are signed in as", async () => {
    const admin = await createUser({ role: "admin" });
    const user = await createUser();
    await db.session.create({
      data: {
        sessionToken: `impersonation-${user.id}`,
        userId: user.id,
        impersonatorId: admin.id,
        expires: new Date(Date.now() + 600_000),
      },
    });
    const outcome = await deleteAccount(user.id, {
      by: "admin",
      adminId: admin.id,
      reason: "test",
      client: testClient,
    });
    expect(outcome).toEqual({ ok: false, problem: "impersonating" });
    expect(await db.user.count({ where: { id: user.id } })).toBe(1);
  });

  it("refuses the last administrator, and changes nothing", async () => {
    const admin = await createFullAccount({ role: "admin" });
    // The run's database holds other tests' administrators: make this one the last, for this test only.
    const others = await db.user.findMany({
      where: { role: "admin", NOT: { id: admin.user.id } },
      select: { id: true },
    });
    const otherIds = others.map((o) => o.id);
    await db.user.updateMany({ where: { id: { in: otherIds } }, data: { role: "user" } });
    try {
      expect(await deleteAccount(admin.user.id, { by: "owner" })).toEqual({
        ok: false,
        problem: "last_admin",
      });
      expect(await db.user.count({ where: { id: admin.user.id } })).toBe(1);
      expect(await db.session.count({ where: { userId: admin.user.id } })).toBe(3);
      expect(await db.auditEvent.count({ where: { targetUserId: admin.user.id, ip: testClient.ip } })).toBe(
        4,
      );
    } finally {
      await db.user.updateMany({ where: { id: { in: otherIds } }, data: { role: "admin" } });
    }
    // With another administrator, it goes.
    expect(await deleteAccount(admin.user.id, { by: "owner" })).toMatchObject({ ok: true });
  });

  it("racing a sign-in, leaves no session, and any session the sign-in made was ended through the feed", async () => {
    for (let i = 0; i < 15; i++) {
      const user = await createUser();
      // The password was checked against this version; the deletion commits while the session is being stored.
      const [opened, deleted] = await Promise.all([
        openSession(user, testClient),
        deleteAccount(user.id, { by: "owner" }),
      ]);
      expect(deleted, `round ${i}`).toMatchObject({ ok: true });
      expect(await db.session.count({ where: { userId: user.id } }), `round ${i}`).toBe(0);
      if (opened)
        expect(
          await db.revokedSession.count({ where: { sessionId: opened.id, reason: "user_deleted" } }),
          `round ${i}: the edge must hear of the session the sign-in made`,
        ).toBe(1);
    }
  });
});
