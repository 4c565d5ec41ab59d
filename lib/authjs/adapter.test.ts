// The contract Auth.js relies on, checked method by method on our adapter, on
// whichever database the run uses (SQLite by default, PostgreSQL with
// TEST_DB_PROVIDER=postgresql). Every method is called at least once; the last
// test fails if a method is added without a test here.
import { randomUUID } from "node:crypto";
import type { AdapterAccount, AdapterAuthenticator, AdapterUser } from "next-auth/adapters";
import { describe, expect, it } from "vitest";
import { type DbTx, db } from "@/lib/db/client";
import { absoluteExpiry } from "@/lib/sessions/policy";
import { hashSessionToken, newSessionToken } from "@/lib/sessions/token";
import { testClient } from "@/lib/testing/factories";
import { hashingAdapter } from "./adapter";

const METHODS = [
  "createUser",
  "getUser",
  "getUserByEmail",
  "getUserByAccount",
  "updateUser",
  "deleteUser",
  "linkAccount",
  "unlinkAccount",
  "getAccount",
  "createSession",
  "getSessionAndUser",
  "updateSession",
  "deleteSession",
  "createVerificationToken",
  "useVerificationToken",
  "createAuthenticator",
  "getAuthenticator",
  "listAuthenticatorsByUserId",
  "updateAuthenticatorCounter",
] as const;

const called = new Set<string>();

/** The adapter for `client`, as a provider's callback makes it, noting which methods the tests call. */
function adapterFor(client: DbTx = db) {
  const real = hashingAdapter(client, { client: testClient, signInMethod: "oidc" });
  return new Proxy(real, {
    get(target, key, receiver) {
      if (typeof key === "string") called.add(key);
      return Reflect.get(target, key, receiver);
    },
  }) as typeof real;
}

const adapter = adapterFor();
/** What Auth.js may see of a user: the AdapterUser fields, plus the role our session callback reads. */
const USER_KEYS = ["email", "emailVerified", "id", "image", "name", "role"];
const verified = new Date("2026-01-02T03:04:05.000Z");

const uniqueEmail = () => `adapter-${randomUUID().slice(0, 8)}@example.com`;

/** A password account with everything Auth.js must never be handed. */
function localUser() {
  return db.user.create({
    data: {
      email: uniqueEmail(),
      name: "Local Person",
      image: "https://example.com/a.png",
      emailVerified: verified,
      passwordHash: "$2b$10$not-for-auth-js",
      credentialsVersion: 3,
      lockedReason: "kept out of Auth.js",
    },
  });
}

function accountFor(userId: string, extra: Record<string, unknown> = {}): AdapterAccount {
  return {
    userId,
    type: "oidc",
    provider: "oidc",
    providerAccountId: randomUUID(),
    access_token: "at",
    id_token: "idt",
    token_type: "bearer",
    scope: "openid email profile",
    expires_at: 1_900_000_000,
    ...extra,
  } as AdapterAccount;
}

/** What Auth.js passes to getUserByAccount and unlinkAccount. */
const keyOf = ({ provider, providerAccountId }: AdapterAccount) => ({ provider, providerAccountId });

function authenticatorFor(userId: string): AdapterAuthenticator {
  return {
    userId,
    credentialID: randomUUID(),
    providerAccountId: randomUUID(),
    credentialPublicKey: "cHVibGljLWtleQ",
    counter: 0,
    credentialDeviceType: "singleDevice",
    credentialBackedUp: false,
    transports: "internal,hybrid",
  };
}

async function sessionFor(userId: string, expires = absoluteExpiry()) {
  const sessionToken = newSessionToken();
  const created = await adapter.createSession({ sessionToken, userId, expires });
  return { sessionToken, created };
}

describe("users", () => {
  it("createUser stores the profile fields only and returns an AdapterUser", async () => {
    const email = uniqueEmail();
    const user = await adapter.createUser({
      id: "chosen-by-auth-js",
      email: email.toUpperCase(),
      emailVerified: verified,
      name: "New Person",
      image: "https://example.com/n.png",
      // A provider's profile() could carry anything: none of it may reach these columns.
      role: "admin",
      passwordHash: "planted",
    } as AdapterUser);
    expect(Object.keys(user).sort()).toEqual(USER_KEYS);
    expect(user).toMatchObject({ email, emailVerified: verified, name: "New Person", role: "user" });
    expect(user.id).not.toBe("chosen-by-auth-js");
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row).toMatchObject({ role: "user", passwordHash: null, image: "https://example.com/n.png" });
  });

  it("getUser, getUserByEmail and getUserByAccount return the AdapterUser fields, never credentials or lock state", async () => {
    const local = await localUser();
    const account = accountFor(local.id);
    await adapter.linkAccount(account);
    const expected = {
      id: local.id,
      email: local.email,
      emailVerified: verified,
      name: "Local Person",
      image: "https://example.com/a.png",
      role: "user",
    };
    expect(await adapter.getUser(local.id)).toEqual(expected);
    expect(await adapter.getUserByEmail(local.email)).toEqual(expected);
    expect(await adapter.getUserByEmail(` ${local.email.toUpperCase()}`)).toEqual(expected);
    expect(await adapter.getUserByAccount(keyOf(account))).toEqual(expected);
    expect(await adapter.getUser("no-such-id")).toBeNull();
    expect(await adapter.getUserByEmail(uniqueEmail())).toBeNull();
    expect(await adapter.getUserByAccount({ provider: "oidc", providerAccountId: "nobody" })).toBeNull();
  });

  it("updateUser changes profile fields only and returns the AdapterUser", async () => {
    const local = await localUser();
    const updated = await adapter.updateUser({
      id: local.id,
      name: "Renamed",
      emailVerified: null,
      role: "admin",
      passwordHash: null,
    } as Partial<AdapterUser> & { id: string });
    expect(updated).toEqual({
      id: local.id,
      email: local.email,
      emailVerified: null,
      name: "Renamed",
      image: "https://example.com/a.png",
      role: "user",
    });
    const row = await db.user.findUniqueOrThrow({ where: { id: local.id } });
    expect(row).toMatchObject({ role: "user", passwordHash: local.passwordHash, name: "Renamed" });
  });

  it("deleteUser ends each session through the revocation feed and the audit log, then removes everything", async () => {
    const local = await localUser();
    const a = await sessionFor(local.id);
    const b = await sessionFor(local.id);
    await adapter.linkAccount(accountFor(local.id));
    await adapter.createAuthenticator(authenticatorFor(local.id));

    const deleted = await adapter.deleteUser(local.id);
    expect(deleted && Object.keys(deleted).sort()).toEqual(USER_KEYS);

    expect(await db.user.findUnique({ where: { id: local.id } })).toBeNull();
    expect(await db.session.count({ where: { userId: local.id } })).toBe(0);
    expect(await db.account.count({ where: { userId: local.id } })).toBe(0);
    expect(await db.authenticator.count({ where: { userId: local.id } })).toBe(0);
    const revoked = await db.revokedSession.findMany({ where: { userId: local.id } });
    expect(revoked.map((r) => r.sessionId).sort()).toEqual([a.created.id, b.created.id].sort());
    expect(new Set(revoked.map((r) => r.reason))).toEqual(new Set(["user_deleted"]));
    const events = await db.auditEvent.findMany({ where: { targetUserId: local.id } });
    expect(
      events
        .filter((e) => e.action === "session.revoked")
        .map((e) => e.sessionId)
        .sort(),
    ).toEqual([a.created.id, b.created.id].sort());
    expect(events.filter((e) => e.action === "user.deleted")).toHaveLength(1);
    expect(await adapter.getSessionAndUser(a.sessionToken)).toBeNull();
  });
});

describe("accounts", () => {
  it("linkAccount keeps the token fields we have columns for and ignores the rest; getAccount and unlinkAccount find it", async () => {
    const local = await localUser();
    // Providers add fields of their own to the token response (Keycloak, GitHub apps).
    const account = accountFor(local.id, { refresh_expires_in: 1800, "not-before-policy": 0 });
    const linked = await adapter.linkAccount(account);
    expect(linked).toMatchObject({
      provider: "oidc",
      providerAccountId: account.providerAccountId,
      userId: local.id,
    });

    const found = await adapter.getAccount(account.providerAccountId, "oidc");
    expect(found).toMatchObject({
      userId: local.id,
      type: "oidc",
      provider: "oidc",
      providerAccountId: account.providerAccountId,
      access_token: "at",
      id_token: "idt",
      expires_at: 1_900_000_000,
    });
    expect(await adapter.getAccount(account.providerAccountId, "github")).toBeNull();

    const unlinked = await adapter.unlinkAccount(keyOf(account));
    expect(unlinked).toMatchObject({ providerAccountId: account.providerAccountId });
    expect(await adapter.getAccount(account.providerAccountId, "oidc")).toBeNull();
    expect(await adapter.getUserByAccount(keyOf(account))).toBeNull();
  });
});

describe("sessions", () => {
  it("createSession stores only the token's hash and returns the raw token", async () => {
    const local = await localUser();
    const expires = absoluteExpiry();
    const { sessionToken, created } = await sessionFor(local.id, expires);
    expect(created).toMatchObject({ sessionToken, userId: local.id, expires });
    const row = await db.session.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.sessionToken).toBe(hashSessionToken(sessionToken));
  });

  it("createSession begins the session like every other: device, IP, sign-in method, audit event", async () => {
    const local = await localUser();
    const { created } = await sessionFor(local.id);
    const row = await db.session.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({ deviceLabel: "Test device", ip: testClient.ip, signInMethod: "oidc" });
    const event = await db.auditEvent.findFirstOrThrow({ where: { sessionId: created.id } });
    expect(event).toMatchObject({
      action: "session.created",
      targetUserId: local.id,
      details: { method: "oidc" },
    });
    // Without an origin there is nothing to record the session's device and method from.
    await expect(
      hashingAdapter().createSession({
        sessionToken: newSessionToken(),
        userId: local.id,
        expires: absoluteExpiry(),
      }),
    ).rejects.toThrow(/origin/);
  });

  it("getSessionAndUser returns the session and the user as stored, including emailVerified and image", async () => {
    const local = await localUser();
    const { sessionToken, created } = await sessionFor(local.id);
    const found = await adapter.getSessionAndUser(sessionToken);
    expect(found?.session).toMatchObject({ sessionToken, userId: local.id, expires: created.expires });
    expect(found?.user).toEqual({
      id: local.id,
      email: local.email,
      emailVerified: verified,
      name: "Local Person",
      image: "https://example.com/a.png",
      role: "user",
    });
    expect(await adapter.getSessionAndUser(hashSessionToken(sessionToken))).toBeNull();
    expect(await adapter.getSessionAndUser(newSessionToken())).toBeNull();
  });

  it("getSessionAndUser refuses an expired session and a locked account", async () => {
    const local = await localUser();
    const expired = await sessionFor(local.id, new Date(Date.now() - 1000));
    expect(await adapter.getSessionAndUser(expired.sessionToken)).toBeNull();
    const live = await sessionFor(local.id);
    await db.user.update({ where: { id: local.id }, data: { lockedAt: new Date() } });
    expect(await adapter.getSessionAndUser(live.sessionToken)).toBeNull();
  });

  it("updateSession never moves expires (the absolute timeout)", async () => {
    const local = await localUser();
    const { sessionToken, created } = await sessionFor(local.id);
    const later = new Date(created.expires.getTime() + 30 * 24 * 3600 * 1000);
    const updated = await adapter.updateSession({ sessionToken, expires: later });
    expect(updated).toMatchObject({ sessionToken, userId: local.id, expires: created.expires });
    const row = await db.session.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.expires).toEqual(created.expires);
    expect(await adapter.updateSession({ sessionToken: newSessionToken() })).toBeNull();
  });

  it("deleteSession ends the session through the revocation feed and the audit log", async () => {
    const local = await localUser();
    const { sessionToken, created } = await sessionFor(local.id);
    const deleted = await adapter.deleteSession(sessionToken);
    expect(deleted).toMatchObject({ sessionToken, userId: local.id });
    expect(await db.session.findUnique({ where: { id: created.id } })).toBeNull();
    expect(await db.revokedSession.findUnique({ where: { sessionId: created.id } })).toMatchObject({
      reason: "signout",
    });
    expect(
      await db.auditEvent.count({ where: { sessionId: created.id, action: "session.signed_out" } }),
    ).toBe(1);
    expect(await adapter.deleteSession(sessionToken)).toBeNull();
  });
});

describe("verification tokens", () => {
  it("are used once", async () => {
    const token = { identifier: uniqueEmail(), token: randomUUID(), expires: absoluteExpiry() };
    expect(await adapter.createVerificationToken(token)).toEqual(token);
    const { identifier } = token;
    expect(await adapter.useVerificationToken({ identifier, token: token.token })).toEqual(token);
    expect(await adapter.useVerificationToken({ identifier, token: token.token })).toBeNull();
  });
});

describe("authenticators (WebAuthn)", () => {
  it("are created, found by credential ID, listed per user and their counter updated", async () => {
    const local = await localUser();
    const first = authenticatorFor(local.id);
    const second = { ...authenticatorFor(local.id), transports: null };
    expect(await adapter.createAuthenticator(first)).toEqual(first);
    await adapter.createAuthenticator(second);
    expect(await adapter.getAuthenticator(first.credentialID)).toEqual(first);
    expect(await adapter.getAuthenticator("no-such-credential")).toBeNull();
    const listed = await adapter.listAuthenticatorsByUserId(local.id);
    expect(listed.map((a) => a.credentialID).sort()).toEqual(
      [first.credentialID, second.credentialID].sort(),
    );
    expect(await adapter.updateAuthenticatorCounter(first.credentialID, 7)).toEqual({ ...first, counter: 7 });
    expect((await adapter.getAuthenticator(first.credentialID))?.counter).toBe(7);
  });
});

describe("inside a caller's transaction", () => {
  class Rollback extends Error {}

  /** Runs `fn` with an adapter on a transaction that is then rolled back. */
  async function rolledBack(fn: (a: ReturnType<typeof adapterFor>, tx: DbTx) => Promise<void>) {
    await expect(
      db.$transaction(
        async (tx) => {
          await fn(adapterFor(tx), tx);
          throw new Rollback();
        },
        { timeout: 20_000 },
      ),
    ).rejects.toBeInstanceOf(Rollback);
  }

  it("reads see the transaction's own writes, and all of it rolls back with the transaction", async () => {
    let createdUserId = "";
    let sessionId = "";
    await rolledBack(async (a) => {
      const user = await a.createUser({ id: "", email: uniqueEmail(), emailVerified: null } as AdapterUser);
      createdUserId = user.id;
      expect(await a.getUser(user.id)).toMatchObject({ id: user.id });
      await a.updateUser({ id: user.id, name: "In transaction" });
      const account = accountFor(user.id);
      await a.linkAccount(account);
      expect(await a.getUserByAccount(keyOf(account))).toMatchObject({ id: user.id, name: "In transaction" });
      await a.createAuthenticator(authenticatorFor(user.id));
      const sessionToken = newSessionToken();
      sessionId = (await a.createSession({ sessionToken, userId: user.id, expires: absoluteExpiry() })).id;
      expect((await a.getSessionAndUser(sessionToken))?.user.id).toBe(user.id);
    });
    expect(await db.user.findUnique({ where: { id: createdUserId } })).toBeNull();
    expect(await db.session.findUnique({ where: { id: sessionId } })).toBeNull();
  });

  it("deleteSession and deleteUser end sessions inside it: rolled back, the sessions live on unrevoked", async () => {
    const local = await localUser();
    const signedOut = await sessionFor(local.id);
    const other = await sessionFor(local.id);
    const ids = [signedOut.created.id, other.created.id];
    await rolledBack(async (a) => {
      expect(await a.deleteSession(signedOut.sessionToken)).toMatchObject({ userId: local.id });
      expect(await a.getSessionAndUser(signedOut.sessionToken)).toBeNull();
      expect(await a.getSessionAndUser(other.sessionToken)).toMatchObject({ session: { userId: local.id } });
      expect(await a.deleteUser(local.id)).toMatchObject({ id: local.id });
      expect(await a.getSessionAndUser(other.sessionToken)).toBeNull();
    });
    expect(await db.revokedSession.count({ where: { sessionId: { in: ids } } })).toBe(0);
    expect(
      // What creating them wrote (the second one, a new device, also alerted) is all there is.
      await db.auditEvent.count({
        where: { sessionId: { in: ids }, action: { notIn: ["session.created", "sign_in.new_device"] } },
      }),
    ).toBe(0);
    expect(await adapter.getSessionAndUser(signedOut.sessionToken)).toMatchObject({
      session: { userId: local.id },
    });
    expect(await adapter.getSessionAndUser(other.sessionToken)).toMatchObject({
      session: { userId: local.id },
    });
  });
});

// Last in the file, so it sees every call above (a filtered run skips it).
it("has exactly the methods listed here, and the tests above call each one", () => {
  expect(Object.keys(hashingAdapter()).sort()).toEqual([...METHODS].sort());
  expect(METHODS.filter((m) => !called.has(m))).toEqual([]);
});
