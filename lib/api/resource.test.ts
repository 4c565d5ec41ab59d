// What /api/v1 refuses: hand-made and stolen tokens, proofs that do not match,
// and tokens past a key rotation. Each request goes through apiRoute, the one
// way into the API; the edge check (middleware.ts) uses the same verifier.
import { generateKeyPair, SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { apiAudience, apiIssuer, mintAccessToken, verifyAccessToken } from "@/lib/edge/access-token";
import { publishedKeys } from "@/lib/edge/api-keys";
import { mintEdgeToken } from "@/lib/edge/token";
import { insertSession } from "@/lib/sessions/store";
import { newSessionToken } from "@/lib/sessions/token";
import { createUser, testClient } from "@/lib/testing/factories";
import { jwks } from "./metadata";
import { apiRoute } from "./resource";
import { apiRequest, dpopKey, dpopProof, issuer, signedInClient } from "./test-client";
import { endSession, me, sessions } from "./v1";

const meRoute = apiRoute("profile", me);

async function status(req: Request) {
  const res = await meRoute(req, {});
  return { status: res.status, challenge: res.headers.get("www-authenticate") ?? "", body: await res.json() };
}

/** A live session's token and its claims, to sign again some other way. */
async function claimsOf(userId: string) {
  const c = await signedInClient(userId, { clientId: "plain-app", key: null });
  const payload = c.access_token.split(".")[1] as string;
  return { c, claims: JSON.parse(Buffer.from(payload, "base64url").toString()) };
}

const kidOf = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[0] as string, "base64url").toString()).kid;

describe("tokens /api/v1 refuses", () => {
  it("hand-made, foreign and stale tokens, with RFC 6750 challenges", async () => {
    const user = await createUser();
    const { c, claims } = await claimsOf(user.id);
    expect((await status(await apiRequest("/api/v1/me", c.access_token))).status).toBe(200);

    const [published] = await publishedKeys();
    const cases: [string, string][] = [
      ["alg none", new UnsecuredJWT(claims).encode()],
      [
        "HS256 keyed with our public key",
        await new SignJWT(claims)
          .setProtectedHeader({ alg: "HS256", typ: "at+jwt", kid: published?.kid })
          .sign(new TextEncoder().encode(JSON.stringify(published?.jwk))),
      ],
      [
        "signed by another Ed25519 key under our kid",
        await new SignJWT(claims)
          .setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid: published?.kid })
          .sign((await generateKeyPair("EdDSA")).privateKey),
      ],
      [
        "unknown kid",
        await new SignJWT(claims)
          .setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid: "nobody-1" })
          .sign((await generateKeyPair("EdDSA")).privateKey),
      ],
      ["wrong issuer", (await mintAccessToken("https://evil.example", claims)).token],
      ["expired", (await mintAccessToken(issuer(), claims, { nowMs: Date.now() - 3600_000 })).token],
      [
        "issued in the future",
        (await mintAccessToken(issuer(), claims, { nowMs: Date.now() + 120_000 })).token,
      ],
      ["a browser's edge token", await mintEdgeToken({ sub: user.id, sid: c.sessionId, role: "user" })],
      ["garbage", "not.a.token"],
    ];
    for (const [name, token] of cases) {
      const r = await status(await apiRequest("/api/v1/me", token));
      expect(r.status, name).toBe(401);
      expect(r.challenge, name).toContain('error="invalid_token"');
    }
    // Wrong audience: the same issuer's token for another resource.
    const otherAud = await new SignJWT({ ...claims, aud: `${apiAudience(issuer())}/other` })
      .setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid: published?.kid })
      .sign((await generateKeyPair("EdDSA")).privateKey);
    expect((await status(await apiRequest("/api/v1/me", otherAud))).status).toBe(401);
    // No token at all: a challenge without an error code (RFC 6750 section 3.1).
    const none = await meRoute(
      new Request(`${issuer()}/api/v1/me`, { headers: { cookie: "authjs.session-token=x" } }),
      {},
    );
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer realm="api"/);
  });

  it("a token without the route's scope, with 403 insufficient_scope", async () => {
    const user = await createUser();
    const c = await signedInClient(user.id, { clientId: "plain-app", key: null });
    const res = await apiRoute("sessions:read", sessions)(
      await apiRequest("/api/v1/sessions", c.access_token),
      {},
    );
    expect(res.status).toBe(403);
    expect(res.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
  });

  it("a DPoP-bound token without its key's fresh proof for this request", async () => {
    const user = await createUser();
    const c = await signedInClient(user.id);
    const key = c.key as NonNullable<typeof c.key>;
    const url = `${issuer()}/api/v1/me`;
    const token = c.access_token;
    expect((await status(await apiRequest("/api/v1/me", token, { key }))).status).toBe(200);

    const replayed = await dpopProof(key, "GET", url, { accessToken: token });
    expect((await status(await apiRequest("/api/v1/me", token, { proof: replayed }))).status).toBe(200);
    const other = await dpopKey();
    const cases: [string, Request][] = [
      ["Bearer scheme", await apiRequest("/api/v1/me", token)],
      ["DPoP scheme, no proof", new Request(url, { headers: { authorization: `DPoP ${token}` } })],
      ["replayed proof", await apiRequest("/api/v1/me", token, { proof: replayed })],
      [
        "another key's proof",
        await apiRequest("/api/v1/me", token, {
          proof: await dpopProof(other, "GET", url, { accessToken: token }),
        }),
      ],
      [
        "proof for another URL",
        await apiRequest("/api/v1/me", token, {
          proof: await dpopProof(key, "GET", `${issuer()}/api/v1/sessions`, { accessToken: token }),
        }),
      ],
      [
        "proof for another method",
        await apiRequest("/api/v1/me", token, {
          proof: await dpopProof(key, "DELETE", url, { accessToken: token }),
        }),
      ],
      [
        "proof without ath",
        await apiRequest("/api/v1/me", token, { proof: await dpopProof(key, "GET", url) }),
      ],
      [
        "proof from 5 minutes ago",
        await apiRequest("/api/v1/me", token, {
          proof: await dpopProof(key, "GET", url, {
            accessToken: token,
            iat: Math.floor(Date.now() / 1000) - 300,
          }),
        }),
      ],
    ];
    for (const [name, req] of cases) expect((await status(req)).status, name).toBe(401);
  });
});

describe("DELETE /api/v1/sessions/{id}", () => {
  const endRoute = apiRoute("sessions:write", endSession);
  const del = async (c: Awaited<ReturnType<typeof signedInClient>>, id: string) =>
    endRoute(await apiRequest(`/api/v1/sessions/${id}`, c.access_token, { key: c.key, method: "DELETE" }), {
      params: Promise.resolve({ id }),
    });

  it("needs a recent sign-in, ends only the user's own sessions, and its own is signing out", async () => {
    const user = await createUser();
    const browser = await insertSession(db, {
      sessionToken: newSessionToken(),
      userId: user.id,
      client: testClient,
    });
    const c = await signedInClient(user.id);
    await db.session.update({
      where: { id: c.sessionId },
      data: { authTime: new Date(Date.now() - 11 * 60_000) },
    });
    const stale = await del(c, browser.id);
    expect(stale.status).toBe(401);
    expect(stale.headers.get("www-authenticate")).toContain('error="insufficient_user_authentication"');
    expect(await db.session.count({ where: { id: browser.id } })).toBe(1);

    await db.session.update({ where: { id: c.sessionId }, data: { authTime: new Date() } });
    const someoneElse = await createUser();
    const theirs = await insertSession(db, {
      sessionToken: newSessionToken(),
      userId: someoneElse.id,
      client: testClient,
    });
    expect((await del(c, theirs.id)).status).toBe(404);
    expect(await db.session.count({ where: { id: theirs.id } })).toBe(1);
    expect((await del(c, browser.id)).status).toBe(204);
    expect(await db.revokedSession.findUnique({ where: { sessionId: browser.id } })).toMatchObject({
      reason: "revoked",
    });
    expect((await del(c, c.sessionId)).status).toBe(204);
    expect(await db.revokedSession.findUnique({ where: { sessionId: c.sessionId } })).toMatchObject({
      reason: "signout",
    });
  });
});

describe("signing keys", () => {
  it("rotate without breaking live tokens: a token from the end of one period verifies in the next", async () => {
    const period = config().API_SIGNING_KEY_ROTATION_SECONDS * 1000;
    const endOfPeriod = (Math.floor(Date.now() / period) + 1) * period - 1000;
    const claims = { sub: "u", sid: "s", client_id: "cli", scope: "profile", auth_time: 0 };
    const { token } = await mintAccessToken(issuer(), claims, { nowMs: endOfPeriod });
    const later = endOfPeriod + 2000;
    expect(await verifyAccessToken(token, issuer(), { nowMs: later })).toMatchObject({ sid: "s" });

    const before = (await jwks(endOfPeriod)).keys.map((k) => k.kid);
    const after = await jwks(later);
    const next = (await mintAccessToken(issuer(), claims, { nowMs: later })).token;
    expect(kidOf(next)).not.toBe(kidOf(token));
    // The next key was published a period before it signed; the old one stays published after.
    expect(before).toContain(kidOf(next));
    expect(after.keys.map((k) => k.kid)).toContain(kidOf(token));
    // A verifier's cached copy lives shorter than that overlap.
    expect(after.maxAge * 1000).toBeLessThan(period);
    // Two periods on, the key is gone (its tokens expired long before).
    expect(await verifyAccessToken(token, issuer(), { nowMs: endOfPeriod + 2 * period })).toBeNull();
    // Nothing private is published.
    for (const k of after.keys)
      expect(Object.keys(k).sort()).toEqual(["alg", "crv", "kid", "kty", "use", "x"]);
  });
});

describe("the issuer", () => {
  it("is the scheme and Host the client used, not the server's own hostname", () => {
    const at = (host: string | null, proto?: string) =>
      apiIssuer({
        url: "http://localhost:3000/api/v1/me",
        headers: new Headers({ ...(host ? { host } : {}), ...(proto ? { "x-forwarded-proto": proto } : {}) }),
      });
    expect(at("127.0.0.1:3201")).toBe("http://127.0.0.1:3201");
    expect(at("API.Example.com", "https")).toBe("https://api.example.com");
    expect(at("[::1]:3000")).toBe("http://[::1]:3000");
    // Not a host: the request's own URL.
    expect(at("evil.example/path")).toBe("http://localhost:3000");
    expect(at(null)).toBe("http://localhost:3000");
  });
});
