// Refresh rotation and reuse detection (RFC 9700), revocation (RFC 7009) and the
// session rules refresh follows, through the real token endpoint and database.
import { describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { changePassword } from "@/lib/auth/password-change";
import { db } from "@/lib/db/client";
import { endEverySession } from "@/lib/sessions/end-all";
import { revokeOwnSession } from "@/lib/sessions/revoke";
import { createUser, testClient } from "@/lib/testing/factories";
import { revocationEndpoint } from "./endpoints";
import { apiRoute } from "./resource";
import { apiRequest, dpopKey, formPost, refresh, signedInClient } from "./test-client";
import { me } from "./v1";

const meRoute = apiRoute("profile", me);

/** Moves the last rotation of a token back in the database, past the reuse grace. */
const pastGrace = (sessionId: string) =>
  db.apiRefreshToken.updateMany({
    where: { sessionId, rotatedAt: { not: null } },
    data: { rotatedAt: new Date(Date.now() - 60_000) },
  });

describe("refresh tokens", () => {
  it("rotate on every use, and the new access token works", async () => {
    const user = await createUser();
    const c = await signedInClient(user.id);
    const next = await refresh(c.refresh_token, c.key);
    expect(next.status).toBe(200);
    expect(next.body.refresh_token).not.toBe(c.refresh_token);
    const res = await meRoute(
      await apiRequest("/api/v1/me", next.body.access_token as string, { key: c.key }),
      {},
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: user.id, email: user.email });
  });

  it("give the same successor to a second refresh within the grace, and end the session on reuse after it", async () => {
    const user = await createUser();
    const c = await signedInClient(user.id);
    const [a, b] = await Promise.all([refresh(c.refresh_token, c.key), refresh(c.refresh_token, c.key)]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(a.body.refresh_token).toBe(b.body.refresh_token);

    await pastGrace(c.sessionId);
    const reused = await refresh(c.refresh_token, c.key);
    expect(reused.body.error).toBe("invalid_grant");
    expect(await db.session.findUnique({ where: { id: c.sessionId } })).toBeNull();
    expect(await db.revokedSession.findUnique({ where: { sessionId: c.sessionId } })).toMatchObject({
      reason: "refresh_reuse",
    });
    expect(
      await db.auditEvent.count({ where: { sessionId: c.sessionId, action: "api.refresh_reused" } }),
    ).toBe(1);
    const mail = await db.mailMessage.findMany({ where: { to: user.email, kind: "refresh_reuse" } });
    expect(mail).toHaveLength(1);
    // The legitimate holder of the successor is signed out too: the session is gone.
    expect((await refresh(a.body.refresh_token as string, c.key)).body.error).toBe("invalid_grant");
  });

  it("10 refreshes of one token at once make exactly one successor", async () => {
    const user = await createUser();
    const c = await signedInClient(user.id);
    const all = await Promise.all(Array.from({ length: 10 }, () => refresh(c.refresh_token, c.key)));
    expect(all.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(new Set(all.map((r) => r.body.refresh_token)).size).toBe(1);
    expect(await db.apiRefreshToken.count({ where: { sessionId: c.sessionId } })).toBe(2);
  });

  it("need the key they are bound to", async () => {
    const user = await createUser();
    const c = await signedInClient(user.id);
    expect((await refresh(c.refresh_token)).body.error).toBe("invalid_dpop_proof");
    expect((await refresh(c.refresh_token, await dpopKey())).body.error).toBe("invalid_grant");
    // Refused attempts rotate nothing: the holder still refreshes.
    expect((await refresh(c.refresh_token, c.key)).status).toBe(200);
  });

  it("stop when the session ends: revoked, idle, past its age, locked, or every session ended", async () => {
    const endings: [string, (userId: string, sessionId: string) => Promise<unknown>][] = [
      ["revoked from the devices page", (u, s) => revokeOwnSession(u, s, testClient)],
      [
        "idle",
        (_u, s) =>
          db.session.update({
            where: { id: s },
            data: { lastActiveAt: new Date(Date.now() - 30 * 86_400_000) },
          }),
      ],
      [
        "past its age",
        (_u, s) => db.session.update({ where: { id: s }, data: { expires: new Date(Date.now() - 1000) } }),
      ],
      ["locked", (u) => db.user.update({ where: { id: u }, data: { lockedAt: new Date() } })],
    ];
    for (const [name, end] of endings) {
      const user = await createUser();
      const c = await signedInClient(user.id);
      await end(user.id, c.sessionId);
      expect((await refresh(c.refresh_token, c.key)).body.error, name).toBe("invalid_grant");
      const res = await meRoute(await apiRequest("/api/v1/me", c.access_token, { key: c.key }), {});
      expect(res.status, name).toBe(401);
    }
  });

  it("stop when the password is changed on another device", async () => {
    const user = await createUser();
    const password = "a long enough old passphrase";
    await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
    const c = await signedInClient(user.id);
    const browser = {
      sessionId: "the-browser",
      authTime: new Date(),
      amr: ["pwd"],
      bound: false,
      user: { id: user.id, email: user.email, name: user.name, role: "user" },
      impersonator: null,
    };
    const changed = await changePassword(
      browser,
      { currentPassword: password, newPassword: "a different and long new passphrase" },
      testClient,
    );
    expect(changed).toEqual({ ended: 1 });
    expect((await refresh(c.refresh_token, c.key)).body.error).toBe("invalid_grant");
  });

  it("stop after end every session, which reaches API sessions like browsers'", async () => {
    const user = await createUser();
    const c = await signedInClient(user.id);
    try {
      await endEverySession({ actorUserId: null, keepSessionId: null, client: testClient });
      expect((await refresh(c.refresh_token, c.key)).body.error).toBe("invalid_grant");
    } finally {
      // The files share one database: a cutoff left behind would end the next file's sessions too.
      await db.sessionCutoff.deleteMany();
    }
  });
});

describe("the revocation endpoint (RFC 7009)", () => {
  it("ends the session of a refresh or access token, and answers 200 for anything", async () => {
    const user = await createUser();
    for (const which of ["refresh_token", "access_token"] as const) {
      const c = await signedInClient(user.id);
      const res = await revocationEndpoint(
        await formPost("/api/oauth/revoke", { token: c[which], client_id: "cli" }),
      );
      expect(res.status).toBe(200);
      expect(await db.session.findUnique({ where: { id: c.sessionId } }), which).toBeNull();
      expect(await db.revokedSession.findUnique({ where: { sessionId: c.sessionId } })).toMatchObject({
        reason: "signout",
      });
    }
    const unknown = await revocationEndpoint(
      await formPost("/api/oauth/revoke", { token: "nonsense", client_id: "cli" }),
    );
    expect(unknown.status).toBe(200);
  });

  it("does not end a session for another client's request", async () => {
    const user = await createUser();
    const c = await signedInClient(user.id);
    await revocationEndpoint(
      await formPost("/api/oauth/revoke", { token: c.refresh_token, client_id: "plain-app" }),
    );
    expect(await db.session.findUnique({ where: { id: c.sessionId } })).not.toBeNull();
  });
});
