// The one decision on what a request's credentials amount to, through both of its
// callers' paths: credentials read from a request's headers (as getCurrentSession
// and the per-request adapter read them) and the adapter's getSessionAndUser and
// deleteSession, which every /api/auth/* route uses. Runs on both databases.
import { afterEach, describe, expect, it } from "vitest";
import { hashingAdapter } from "@/lib/authjs/adapter";
import { db } from "@/lib/db/client";
import { mintEdgeToken } from "@/lib/edge/token";
import { CUTOFF_ID } from "@/lib/sessions/end-all";
import { insertSession } from "@/lib/sessions/store";
import { newSessionToken } from "@/lib/sessions/token";
import { createUser, testClient } from "@/lib/testing/factories";
import { credentialsIn, sessionOf } from "./request-session";

afterEach(async () => {
  // The cutoff is global: later tests' sessions must not meet it.
  await db.sessionCutoff.deleteMany();
});

async function newSession(
  opts: { bound?: boolean; expires?: Date; lastActiveAt?: Date; createdAt?: Date } = {},
) {
  const user = await createUser();
  const sessionToken = newSessionToken();
  const row = await insertSession(db, {
    sessionToken,
    userId: user.id,
    client: testClient,
    expires: opts.expires,
  });
  await db.session.update({
    where: { id: row.id },
    data: {
      ...(opts.bound ? { boundAt: new Date(), boundKey: '{"kty":"EC"}' } : {}),
      ...(opts.lastActiveAt ? { lastActiveAt: opts.lastActiveAt } : {}),
      ...(opts.createdAt ? { createdAt: opts.createdAt } : {}),
    },
  });
  const edgeToken = await mintEdgeToken({ sub: user.id, sid: row.id, role: "user" });
  return { user, sessionToken, edgeToken, id: row.id };
}

/** A request's headers as a browser sends them, on http (plain cookie names). */
function headersWith(cookies: Record<string, string>): Headers {
  const cookie = Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join("; ");
  return new Headers({ cookie });
}

/** The adapter as lib/authjs/index.ts makes it per request, from that request's headers. */
const adapterFor = (headers: Headers) =>
  hashingAdapter(db, undefined, { edgeToken: credentialsIn(headers).edgeToken });

describe("one decision for our pages and Auth.js's routes", () => {
  it("reads the credentials from a request's cookie header under the names of its scheme", () => {
    const headers = headersWith({
      "authjs.session-token": "s",
      "edge-token": "e",
      "__Secure-authjs.session-token": "planted",
    });
    expect(credentialsIn(headers)).toEqual({ sessionToken: "s", edgeToken: "e" });
  });

  it("an unbound session is a session with or without an edge token, through both paths", async () => {
    const s = await newSession();
    const headers = headersWith({ "authjs.session-token": s.sessionToken });
    expect((await sessionOf(credentialsIn(headers)))?.id).toBe(s.id);
    expect((await adapterFor(headers).getSessionAndUser(s.sessionToken))?.session.id).toBe(s.id);
  });

  it("a bound session without its own valid edge token is no session: Auth.js's lookup and sign-out see none", async () => {
    const s = await newSession({ bound: true });
    const other = await newSession();
    const expiredEdge = await mintEdgeToken(
      { sub: s.user.id, sid: s.id, role: "user" },
      { issuedAt: Math.floor(Date.now() / 1000) - 120, ttlSeconds: 60 },
    );
    for (const edge of [undefined, other.edgeToken, expiredEdge, `${s.edgeToken}x`]) {
      const headers = headersWith({
        "authjs.session-token": s.sessionToken,
        ...(edge ? { "edge-token": edge } : {}),
      });
      expect(await sessionOf(credentialsIn(headers))).toBeNull();
      const adapter = adapterFor(headers);
      expect(await adapter.getSessionAndUser(s.sessionToken)).toBeNull();
      // A thief's sign-out through /api/auth/signout ends nothing.
      expect(await adapter.deleteSession(s.sessionToken)).toBeNull();
    }
    expect(await db.session.count({ where: { id: s.id } })).toBe(1);

    // With its own edge token: the session, and its sign-out ends it.
    const headers = headersWith({ "authjs.session-token": s.sessionToken, "edge-token": s.edgeToken });
    expect((await sessionOf(credentialsIn(headers)))?.id).toBe(s.id);
    const adapter = adapterFor(headers);
    expect((await adapter.getSessionAndUser(s.sessionToken))?.user.id).toBe(s.user.id);
    expect(await adapter.deleteSession(s.sessionToken)).toMatchObject({ id: s.id });
    expect(await db.session.count({ where: { id: s.id } })).toBe(0);
  });

  it("a locked account, an 'end every session' cutoff, an expired or idle session: null through both paths", async () => {
    const locked = await newSession();
    await db.user.update({ where: { id: locked.user.id }, data: { lockedAt: new Date() } });
    const cut = await newSession({ createdAt: new Date(Date.now() - 60_000) });
    const expired = await newSession({ expires: new Date(Date.now() - 1000) });
    const idle = await newSession({ lastActiveAt: new Date(Date.now() - 365 * 24 * 3600 * 1000) });
    await db.sessionCutoff.create({ data: { id: CUTOFF_ID, notBefore: new Date(Date.now() - 1000) } });
    for (const s of [locked, cut, expired, idle]) {
      const headers = headersWith({ "authjs.session-token": s.sessionToken, "edge-token": s.edgeToken });
      expect(await sessionOf(credentialsIn(headers))).toBeNull();
      expect(await adapterFor(headers).getSessionAndUser(s.sessionToken)).toBeNull();
    }
  });

  it("a session an administrator started as the user ends once they are no longer an administrator", async () => {
    const admin = await createUser({ role: "admin" });
    const user = await createUser();
    const sessionToken = newSessionToken();
    await insertSession(db, { sessionToken, userId: user.id, client: testClient, impersonatorId: admin.id });
    const headers = headersWith({ "authjs.session-token": sessionToken });
    expect((await sessionOf(credentialsIn(headers)))?.impersonator?.id).toBe(admin.id);
    await db.user.update({ where: { id: admin.id }, data: { role: "user" } });
    expect(await adapterFor(headers).getSessionAndUser(sessionToken)).toBeNull();
    expect(await sessionOf(credentialsIn(headers))).toBeNull();
  });
});
