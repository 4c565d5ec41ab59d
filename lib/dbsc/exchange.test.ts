// The DBSC exchange as a browser (or an attacker) would perform it, with hand-made
// proofs signed by jose keys, against the real database.
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { verifyEdgeToken } from "@/lib/edge/token";
import { newSessionToken } from "@/lib/sessions/token";
import { createUser } from "@/lib/testing/factories";
import { issueBindingChallenge } from "./challenges";
import { refresh, register } from "./exchange";
import { REFRESH_PATH, REGISTRATION_PATH } from "./protocol";

type Alg = "ES256" | "RS256";
type Device = { alg: Alg; privateKey: CryptoKey; jwk: JWK };

async function newDevice(alg: Alg = "ES256"): Promise<Device> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { alg, privateKey, jwk: await exportJWK(publicKey) };
}

/** A proof as Chromium makes it: the key in the header at registration, not at refresh. */
function proof(
  device: Device,
  challenge: string,
  { withKey = false, signer = device } = {},
): Promise<string> {
  return new SignJWT({ jti: challenge })
    .setProtectedHeader({ alg: device.alg, typ: "dbsc+jwt", ...(withKey ? { jwk: device.jwk } : {}) })
    .sign(signer.privateKey);
}

async function newSession() {
  const user = await createUser();
  return db.session.create({
    data: { sessionToken: newSessionToken(), userId: user.id, expires: new Date(Date.now() + 3600_000) },
  });
}

const origin = "https://127.0.0.1:3310";

function post(path: string, headers: Record<string, string>): Request {
  return new Request(`${origin}${path}`, { method: "POST", headers: { host: "127.0.0.1:3310", ...headers } });
}

async function bind(sessionId: string, device: Device): Promise<Response> {
  const challenge = await issueBindingChallenge(sessionId);
  return register(
    post(REGISTRATION_PATH, { "secure-session-response": await proof(device, challenge, { withKey: true }) }),
  );
}

async function edgeCookieOf(res: Response) {
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("__Host-edge-token="));
  return cookie ? verifyEdgeToken(cookie.split(";")[0]?.split("=")[1]) : null;
}

async function askChallenge(sessionId: string): Promise<{ res: Response; challenge: string | undefined }> {
  const res = await refresh(post(REFRESH_PATH, { "sec-secure-session-id": sessionId }));
  const header = res.headers.get("secure-session-challenge") ?? "";
  return { res, challenge: header.match(/^"([^"]+)";id="([^"]+)"$/)?.[1] };
}

function refreshWith(sessionId: string, jwt: string): Promise<Response> {
  return refresh(post(REFRESH_PATH, { "sec-secure-session-id": sessionId, "secure-session-response": jwt }));
}

async function events(sessionId: string, action: string) {
  return db.auditEvent.findMany({ where: { sessionId, action } });
}

describe("DBSC registration", () => {
  it.each(["ES256", "RS256"] as const)(
    "binds the session to a %s key and sets the bound edge token",
    async (alg) => {
      const session = await newSession();
      const device = await newDevice(alg);
      const res = await bind(session.id, device);
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toMatchObject({
        session_identifier: session.id,
        refresh_url: REFRESH_PATH,
        scope: { origin, include_site: false },
        credentials: [
          { type: "cookie", name: "__Host-edge-token", attributes: "Path=/; Secure; HttpOnly; SameSite=Lax" },
        ],
      });
      expect(body.scope.scope_specification).toContainEqual({
        type: "exclude",
        domain: "127.0.0.1",
        path: "/login",
      });
      expect((await edgeCookieOf(res))?.sid).toBe(session.id);
      const row = await db.session.findUniqueOrThrow({ where: { id: session.id } });
      expect(row.boundAt).not.toBeNull();
      expect(JSON.parse(row.boundKey ?? "{}")).toMatchObject({ kty: device.jwk.kty });
      expect(JSON.parse(row.boundKey ?? "{}")).not.toHaveProperty("d");
      expect(await events(session.id, "session.bound")).toHaveLength(1);
    },
  );

  it("spends the challenge: a replayed registration, even at once, binds nothing more", async () => {
    const session = await newSession();
    const device = await newDevice();
    const challenge = await issueBindingChallenge(session.id);
    const jwt = await proof(device, challenge, { withKey: true });
    const answers = await Promise.all(
      [1, 2, 3].map(() => register(post(REGISTRATION_PATH, { "secure-session-response": jwt }))),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([200, 400, 400]);
    expect(await events(session.id, "session.bound")).toHaveLength(1);
  });

  it("refuses a proof not signed by the key it carries, a stale challenge, and a second key", async () => {
    const session = await newSession();
    const device = await newDevice();
    const other = await newDevice();
    const challenge = await issueBindingChallenge(session.id);
    const forged = await proof(device, challenge, { withKey: true, signer: other });
    expect((await register(post(REGISTRATION_PATH, { "secure-session-response": forged }))).status).toBe(400);

    const stale = await issueBindingChallenge(session.id);
    await db.bindingChallenge.updateMany({
      where: { sessionId: session.id },
      data: { expires: new Date(Date.now() - 1000) },
    });
    const late = await proof(device, stale, { withKey: true });
    expect((await register(post(REGISTRATION_PATH, { "secure-session-response": late }))).status).toBe(400);
    expect((await db.session.findUniqueOrThrow({ where: { id: session.id } })).boundKey).toBeNull();

    expect((await bind(session.id, device)).status).toBe(200);
    expect((await bind(session.id, other)).status).toBe(400);
    const stored = JSON.parse(
      (await db.session.findUniqueOrThrow({ where: { id: session.id } })).boundKey ?? "",
    );
    expect(stored.x).toBe(device.jwk.x);
    const reasons = (await events(session.id, "session.binding_failed")).map(
      (e) => (e.details as { reason: string }).reason,
    );
    expect(reasons.sort()).toEqual(["already_bound", "bad_proof", "stale_challenge"]);
  });

  it("refuses garbage and a challenge we never issued, without an audit row to attribute", async () => {
    for (const jwt of ["", "not.a.jwt", await proof(await newDevice(), "A".repeat(43), { withKey: true })])
      expect((await register(post(REGISTRATION_PATH, { "secure-session-response": jwt }))).status).toBe(400);
  });
});

describe("DBSC refresh", () => {
  it("answers 403 with a challenge, then renews the edge token for a proof by the stored key", async () => {
    const session = await newSession();
    const device = await newDevice();
    await bind(session.id, device);
    const { res, challenge } = await askChallenge(session.id);
    expect(res.status).toBe(403);
    expect(res.headers.get("secure-session-challenge")).toContain(`;id="${session.id}"`);
    const renewed = await refreshWith(session.id, await proof(device, challenge as string));
    expect(renewed.status).toBe(200);
    expect((await edgeCookieOf(renewed))?.sid).toBe(session.id);
    expect(renewed.headers.get("server-timing")).toMatch(/dbsc-proof;dur=[\d.]+/);
    expect((await renewed.json()).session_identifier).toBe(session.id);
  });

  it("refuses another key, a reused, stale or other session's challenge, and sets no cookie", async () => {
    const [session, neighbour] = [await newSession(), await newSession()];
    const device = await newDevice();
    await bind(session.id, device);
    await bind(neighbour.id, device);

    const first = (await askChallenge(session.id)).challenge as string;
    const other = await refreshWith(session.id, await proof(await newDevice(), first));

    const used = (await askChallenge(session.id)).challenge as string;
    expect((await refreshWith(session.id, await proof(device, used))).status).toBe(200);
    const reused = await refreshWith(session.id, await proof(device, used));

    const late = (await askChallenge(session.id)).challenge as string;
    await db.bindingChallenge.updateMany({
      where: { sessionId: session.id },
      data: { expires: new Date(Date.now() - 1000) },
    });
    const stale = await refreshWith(session.id, await proof(device, late));

    const theirs = (await askChallenge(neighbour.id)).challenge as string;
    const crossed = await refreshWith(session.id, await proof(device, theirs));

    for (const res of [other, reused, stale, crossed]) {
      expect(res.status).toBe(401);
      expect(await edgeCookieOf(res)).toBeNull();
    }
    const reasons = (await events(session.id, "session.refresh_refused")).map(
      (e) => (e.details as { reason: string }).reason,
    );
    expect(reasons.sort()).toEqual(["bad_proof", "other_session", "stale_challenge", "unknown_challenge"]);
  });

  it("renews once for one proof sent several times at once", async () => {
    const session = await newSession();
    const device = await newDevice();
    await bind(session.id, device);
    const jwt = await proof(device, (await askChallenge(session.id)).challenge as string);
    const answers = await Promise.all([1, 2, 3].map(() => refreshWith(session.id, jwt)));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 401, 401]);
  });

  it("tells the browser to stop for an ended, locked or unbound session", async () => {
    const ended = await newSession();
    const device = await newDevice();
    await bind(ended.id, device);
    await db.session.delete({ where: { id: ended.id } });
    const locked = await newSession();
    await bind(locked.id, device);
    await db.user.update({ where: { id: locked.userId }, data: { lockedAt: new Date() } });
    const unbound = await newSession();
    for (const id of [ended.id, locked.id, unbound.id, "no-such-session"]) {
      const res = await refresh(post(REFRESH_PATH, { "sec-secure-session-id": id }));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ session_identifier: id, continue: false });
    }
  });
});
