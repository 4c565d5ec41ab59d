// Every way into the server, with the rule it applies and a hand-made request
// that proves it (issue 25, item 7). One table, one loop: a row per route
// handler (app/**/route.ts), per Auth.js endpoint behind its catch-all, per
// route middleware answers itself, and per Auth.js callback and event
// (lib/authjs/index.ts). A route.ts, Auth.js endpoint, callback or event without a
// row fails the first test: whoever adds one says here what protects it.
//
// Rows state the INTENDED rule. Where today's code does not hold it yet (Auth.js's
// routes ignoring device binding and step-up, issue 25 rows 1, 1b and 2), the row
// says so and e2e/security/auth-routes.spec.ts proves it; not duplicated here.
//
// Users and sessions are written straight into the server's database (no sign-in
// is under test here); each request goes out on a fresh request context, so no
// cookie reaches the server unless the row sends it.
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  type APIRequestContext,
  type APIResponse,
  request as apiRequest,
  type Browser,
} from "@playwright/test";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { db } from "@/lib/db/client";
import { issueBindingChallenge } from "@/lib/dbsc/challenges";
import { FEED_KEY_HEADER, feedKey } from "@/lib/edge/revocations";
import { mintEdgeToken, verifyEdgeToken } from "@/lib/edge/token";
import { impersonationExpiry } from "@/lib/sessions/policy";
import { endSessions, insertSession } from "@/lib/sessions/store";
import { newSessionToken } from "@/lib/sessions/token";
import { freePort } from "@/lib/testing/free-port";
import { E2E_ENV } from "../env";
import { test as base, expect, SEEDED_ADMIN } from "../fixtures";
import { startOidcProvider, TEST_CLIENT } from "../oidc-provider";
import { startOurServer } from "../own-server";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SESSION = "authjs.session-token";
const EDGE = "edge-token";
const OTHER_SECRET = "not-the-server-secret-0123456789abcdef0123456789";
/** Covered by the helper that fixes issue 25 rows 1, 1b and 2 (Auth.js routes and device binding, step-up). */
const AUTH_ROUTES_SPEC = "e2e/security/auth-routes.spec.ts";
const IMPERSONATOR_CANNOT_CONNECT =
  "an administrator signed in as the user cannot connect a provider: not from settings, nor by posting to Auth.js directly";

// ---------------------------------------------------------------------------
// Requests by hand

type Answer = {
  status: number;
  location: string;
  /** Set-Cookie lines, by cookie name (the last one wins). */
  cookies: Record<string, string>;
  text: string;
  headers: Record<string, string>;
};

/** One request on a fresh context (no jar), redirects not followed. */
type Send = (
  method: string,
  path: string,
  opts?: {
    cookies?: Record<string, string>;
    headers?: Record<string, string>;
    form?: Record<string, string>;
  },
) => Promise<Answer>;

function sender(baseURL: string): Send {
  return async (method, url, { cookies = {}, headers = {}, form } = {}) => {
    const ctx: APIRequestContext = await apiRequest.newContext({ baseURL });
    try {
      const cookie = Object.entries(cookies)
        .map(([k, v]) => `${k}=${v}`)
        .join("; ");
      const res = await ctx.fetch(url, {
        method,
        headers: { ...(cookie ? { cookie } : {}), ...headers },
        form,
        maxRedirects: 0,
        failOnStatusCode: false,
      });
      const set: Record<string, string> = {};
      for (const h of res.headersArray())
        if (h.name.toLowerCase() === "set-cookie") {
          const [pair = ""] = h.value.split(";");
          const eq = pair.indexOf("=");
          set[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
        }
      return {
        status: res.status(),
        location: res.headers().location ?? "",
        cookies: set,
        text: await res.text(),
        headers: res.headers(),
      };
    } finally {
      await ctx.dispose();
    }
  };
}

const json = (a: Answer) => JSON.parse(a.text) as unknown;

// ---------------------------------------------------------------------------
// Users and sessions through the database

type Made = {
  userId: string;
  email: string;
  sessionId: string;
  token: string;
  cookie: Record<string, string>;
};

type SessionKind = {
  role?: "user" | "admin";
  locked?: boolean;
  expired?: boolean;
  idle?: boolean;
  impersonatorId?: string;
};

async function sessionOf(kind: SessionKind = {}): Promise<Made> {
  const id = randomUUID().slice(0, 8);
  const email = `route-${id}@example.com`;
  const user = await db.user.create({
    data: {
      email,
      name: `Route ${id}`,
      role: kind.role ?? "user",
      lockedAt: kind.locked ? new Date() : null,
    },
  });
  const token = newSessionToken();
  const row = await insertSession(db, {
    sessionToken: token,
    userId: user.id,
    amr: ["pwd"],
    ...(kind.expired ? { expires: new Date(Date.now() - 1000) } : {}),
    ...(kind.impersonatorId
      ? { impersonatorId: kind.impersonatorId, expires: impersonationExpiry(), signInMethod: "impersonation" }
      : {}),
  });
  if (kind.idle)
    // A week and a day without a request (SESSION_IDLE_TIMEOUT_SECONDS defaults to 7 days).
    await db.session.update({
      where: { id: row.id },
      data: { lastActiveAt: new Date(Date.now() - 8 * 24 * 3600 * 1000) },
    });
  return { userId: user.id, email, sessionId: row.id, token, cookie: { [SESSION]: token } };
}

/** The kinds of cookie a thief or a former user may bring, each of which must count as no session. */
async function deadSessions(): Promise<Record<string, Made>> {
  const revoked = await sessionOf();
  await db.$transaction((tx) =>
    endSessions(tx, [{ id: revoked.sessionId, userId: revoked.userId }], "revoked", {
      action: "session.revoked",
    }),
  );
  const [locked, expired, idle] = await Promise.all([
    sessionOf({ locked: true }),
    sessionOf({ expired: true }),
    sessionOf({ idle: true }),
  ]);
  return { revoked, locked, expired, idle };
}

type Keys = Awaited<ReturnType<typeof generateKeyPair>>;

/** Binds the session to a new device key (what DBSC registration stores), and returns the key. */
async function bind(made: Made): Promise<Keys> {
  const keys = await generateKeyPair("ES256");
  const jwk = await exportJWK(keys.publicKey);
  await db.session.update({
    where: { id: made.sessionId },
    data: { boundKey: JSON.stringify({ kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y }), boundAt: new Date() },
  });
  return keys;
}

/** A DBSC proof: a dbsc+jwt naming the challenge, signed by `keys` (with its public key for registration). */
async function proof(keys: Keys, challenge: string, withKey = false): Promise<string> {
  const jwk = await exportJWK(keys.publicKey);
  return new SignJWT({ jti: challenge })
    .setProtectedHeader({ alg: "ES256", typ: "dbsc+jwt", ...(withKey ? { jwk } : {}) })
    .setIssuedAt()
    .sign(keys.privateKey);
}

const edgeTokenOf = (m: Made, role = "user") => mintEdgeToken({ sub: m.userId, sid: m.sessionId, role });
const seededAdminId = async () =>
  (await db.user.findUniqueOrThrow({ where: { email: SEEDED_ADMIN.email } })).id;

/** Auth.js's CSRF pair: the token for the form and the cookie it is checked against. */
async function authCsrf(send: Send) {
  const answer = await send("GET", "/api/auth/csrf");
  const { csrfToken } = json(answer) as { csrfToken: string };
  return { csrfToken, cookie: { "authjs.csrf-token": answer.cookies["authjs.csrf-token"] ?? "" } };
}

/** Auth.js's answer when it finds no session: null (or an empty object in some versions). */
function noUser(answer: Answer) {
  expect(answer.status).toBe(200);
  const body = json(answer) as { user?: unknown } | null;
  expect(body?.user).toBeUndefined();
}

/** What an operator may see on health routes: states and times, nothing about the deployment. */
function leaksNothing(text: string) {
  for (const secret of [
    E2E_ENV.AUTH_SECRET,
    E2E_ENV.DATABASE_URL,
    path.basename(E2E_ENV.DATABASE_URL),
    "file:",
    "postgres",
    ROOT,
    "/node_modules/",
    "Error",
    "@example.com",
  ])
    expect(text).not.toContain(secret);
  expect(text).not.toMatch(/\n\s+at /);
}

// ---------------------------------------------------------------------------
// A server with an OpenID Provider, started once per worker and only if a row asks for it

type OidcApp = { origin: string };
const OP_NAME = "Route OP";

const test = base.extend<{ send: Send }, { oidcApp: OidcApp }>({
  send: async ({ baseURL }, use) => {
    await use(sender(baseURL as string));
  },
  oidcApp: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's dependencies from this pattern.
    async ({}, use) => {
      const port = await freePort();
      // Next names loopback request URLs "localhost", so Auth.js's callback does too.
      const origin = `http://localhost:${port}`;
      const op = await startOidcProvider(origin);
      const app = await startOurServer(
        {
          AUTH_OIDC_ISSUER: op.issuer,
          AUTH_OIDC_ID: TEST_CLIENT.id,
          AUTH_OIDC_SECRET: TEST_CLIENT.secret,
          AUTH_OIDC_NAME: OP_NAME,
        },
        port,
      );
      await use({ origin });
      await app.stop();
      await op.stop();
    },
    { scope: "worker", timeout: 90_000 },
  ],
});

async function providerBrowser(browser: Browser, origin: string) {
  const context = await browser.newContext({ baseURL: origin });
  return { context, page: await context.newPage() };
}

/**
 * A provider sign-in by hand, as a script would do it (no browser): Auth.js's CSRF
 * pair, the post to /api/auth/signin/oidc, the provider's login and consent forms,
 * and the callback. Returns where the app sends the browser after its callback,
 * and the session cookie it set, if any.
 */
async function signInAtProviderByHand(origin: string, login: string) {
  const ctx = await apiRequest.newContext();
  try {
    const walk = async (res: APIResponse): Promise<APIResponse> => {
      while (res.status() >= 300 && res.status() < 400) {
        const next = new URL(res.headers().location ?? "", res.url());
        // Stop at the app's own answer to the callback: where it sends the browser is the verdict.
        if (next.origin === origin && !next.pathname.startsWith("/api/auth/callback/")) return res;
        res = await ctx.get(next.toString(), { maxRedirects: 0 });
      }
      return res;
    };
    const formAction = async (res: APIResponse) =>
      new URL(/<form[^>]* action="([^"]+)"/.exec(await res.text())?.[1] ?? "", res.url()).toString();
    const { csrfToken } = (await (await ctx.get(`${origin}/api/auth/csrf`)).json()) as { csrfToken: string };
    const loginPage = await walk(
      await ctx.post(`${origin}/api/auth/signin/oidc`, {
        form: { csrfToken, callbackUrl: "/dashboard" },
        maxRedirects: 0,
      }),
    );
    const consentPage = await walk(
      await ctx.post(await formAction(loginPage), {
        form: { prompt: "login", login, password: "any password" },
        maxRedirects: 0,
      }),
    );
    const answer = await walk(
      await ctx.post(await formAction(consentPage), { form: { prompt: "consent" }, maxRedirects: 0 }),
    );
    const session = (await ctx.storageState()).cookies.find((c) => c.name === SESSION)?.value;
    return { location: new URL(answer.headers().location ?? "", origin), session };
  } finally {
    await ctx.dispose();
  }
}

// ---------------------------------------------------------------------------
// The table

type Tools = { send: Send; browser: Browser; oidc: OidcApp };

type Row = {
  /** What the request names: "GET /api/session", or "callbacks.signIn" for Auth.js hooks. */
  surface: string;
  /** app/**\/route.ts, middleware.ts, or lib/authjs/index.ts for callbacks and events. */
  file: string;
  /** The Auth.js endpoint behind the catch-all, or the callback/event name. */
  authjs?: string;
  rule: string;
  /** Cases proven by another spec, not repeated here; `test` is (part of) its title. */
  elsewhere?: { file: string; test?: string; what: string }[];
  /** Needs the server with an OpenID Provider (started once per worker, only for these rows). */
  provider?: true;
  prove: (t: Tools) => Promise<void>;
};

const NEXTAUTH = "app/api/auth/[...nextauth]/route.ts";
const AUTH_CONFIG = "lib/authjs/index.ts";

const ROWS: Row[] = [
  {
    surface: "GET /api/session",
    file: "app/api/session/route.ts",
    rule: "session: the database check of every page (getCurrentSession): revoked, locked, expired, idle, and a bound session without its own edge token are no session; the body never holds the token",
    elsewhere: [
      {
        file: "e2e/end-every-session.spec.ts",
        what: "the global cutoff (it would end every session of the suite)",
      },
    ],
    async prove({ send }) {
      expect((await send("GET", "/api/session")).status).toBe(401);
      for (const [kind, dead] of Object.entries(await deadSessions())) {
        const answer = await send("GET", "/api/session", { cookies: dead.cookie });
        expect(answer.status, kind).toBe(401);
        expect(answer.text, kind).not.toContain(dead.email);
      }
      const live = await sessionOf();
      const ok = await send("GET", "/api/session", { cookies: live.cookie });
      expect(ok.status).toBe(200);
      expect((json(ok) as { user: { id: string } }).user.id).toBe(live.userId);
      expect(ok.text).not.toContain(live.token);
      // Bound to a device key: the cookie alone (copied) is refused; with its own edge token it passes.
      await bind(live);
      expect((await send("GET", "/api/session", { cookies: live.cookie })).status).toBe(401);
      const withEdge = { ...live.cookie, [EDGE]: await edgeTokenOf(live) };
      expect((await send("GET", "/api/session", { cookies: withEdge })).status).toBe(200);
    },
  },
  {
    surface: "GET /settings/account/export",
    file: "app/(app)/settings/account/export/route.ts",
    rule: "owner session: the database check of every page; signed out or a dead session gets no data; an administrator signed in as the user is refused; the file holds no token",
    async prove({ send }) {
      const anonymous = await send("GET", "/settings/account/export");
      expect(anonymous.status).toBeGreaterThanOrEqual(300);
      expect(anonymous.status).toBeLessThan(400);
      expect(anonymous.location).toContain("/login");
      for (const [kind, dead] of Object.entries(await deadSessions())) {
        const answer = await send("GET", "/settings/account/export", { cookies: dead.cookie });
        expect(answer.status, kind).not.toBe(200);
        expect(answer.text, kind).not.toContain(dead.email);
      }
      const live = await sessionOf();
      const withEdge = { ...live.cookie, [EDGE]: await edgeTokenOf(live) };
      const ok = await send("GET", "/settings/account/export", { cookies: withEdge });
      expect(ok.status).toBe(200);
      expect(ok.text).toContain(live.email);
      expect(ok.text).not.toContain(live.token);
      const admin = await sessionOf({ role: "admin" });
      const acting = await sessionOf({ impersonatorId: admin.userId });
      const refused = await send("GET", "/settings/account/export", {
        cookies: { ...acting.cookie, [EDGE]: await edgeTokenOf(acting) },
      });
      expect(refused.status).toBe(403);
      expect(refused.text).not.toContain(acting.email);
    },
  },
  {
    surface: "GET /api/session/refresh",
    file: "app/api/session/refresh/route.ts",
    rule: "session: re-mints the edge token only for a live database session (dead ones go to /login with both cookies cleared); a bound session's cookie alone is refused and audited; `next` stays on this site",
    async prove({ send }) {
      const anonymous = await send("GET", "/api/session/refresh?next=/devices");
      expect(anonymous.status).toBe(303);
      expect(anonymous.location).toBe("/login?next=%2Fdevices");
      expect(anonymous.cookies[EDGE] ?? "").toBe("");
      for (const [kind, dead] of Object.entries(await deadSessions())) {
        const answer = await send("GET", "/api/session/refresh?next=/devices", { cookies: dead.cookie });
        expect(answer.location, kind).toMatch(/^\/login\?/);
        expect(answer.cookies[EDGE] ?? "", kind).toBe("");
        expect(answer.cookies[SESSION], kind).toBe("");
      }
      const live = await sessionOf();
      const ok = await send("GET", "/api/session/refresh?next=//evil.example/x", { cookies: live.cookie });
      expect(ok.status).toBe(303);
      expect(ok.location).toMatch(/^\/(?!\/)/);
      expect((await verifyEdgeToken(ok.cookies[EDGE]))?.sid).toBe(live.sessionId);
      await bind(live);
      const copied = await send("GET", "/api/session/refresh", { cookies: live.cookie });
      expect(copied.location).toMatch(/^\/login\?/);
      expect(copied.cookies[EDGE] ?? "").toBe("");
      expect(
        await db.auditEvent.count({
          where: { sessionId: live.sessionId, action: "session.refresh_refused" },
        }),
      ).toBe(1);
    },
  },
  {
    surface: "POST /api/session/refresh",
    file: "app/api/session/refresh/route.ts",
    rule: "DBSC proof: a new edge token only for a proof of the session's bound key over a challenge we issued for it; no cookie counts; refusals audited",
    elsewhere: [{ file: "e2e/dbsc.spec.ts", what: "the whole exchange in Chromium" }],
    async prove({ send }) {
      const live = await sessionOf();
      const keys = await bind(live);
      const named = { "sec-secure-session-id": `"${live.sessionId}"` };
      // Not bound (or no such session): the browser is told to stop.
      const other = await sessionOf();
      const unbound = await send("POST", "/api/session/refresh", {
        headers: { "sec-secure-session-id": other.sessionId },
        cookies: other.cookie,
      });
      expect(json(unbound)).toMatchObject({ continue: false });
      expect(unbound.cookies).toEqual({});
      // No proof, cookie or not: a challenge, no token.
      const asked = await send("POST", "/api/session/refresh", { headers: named, cookies: live.cookie });
      expect(asked.status).toBe(403);
      expect(asked.cookies).toEqual({});
      const challenge = /^"([^"]+)"/.exec(asked.headers["secure-session-challenge"] ?? "")?.[1] ?? "";
      expect(challenge).not.toBe("");
      // Signed by another key: refused, audited, no token.
      const thief = await generateKeyPair("ES256");
      const forged = await send("POST", "/api/session/refresh", {
        headers: { ...named, "secure-session-response": await proof(thief, challenge) },
      });
      expect(forged.status).toBe(401);
      expect(forged.cookies).toEqual({});
      expect(
        await db.auditEvent.count({
          where: { sessionId: live.sessionId, action: "session.refresh_refused" },
        }),
      ).toBe(1);
      // The device's own key over a fresh challenge: a token for this session.
      const fresh = await issueBindingChallenge(live.sessionId);
      const ok = await send("POST", "/api/session/refresh", {
        headers: { ...named, "secure-session-response": await proof(keys, fresh) },
      });
      expect(ok.status).toBe(200);
      expect((await verifyEdgeToken(ok.cookies[`__Host-${EDGE}`]))?.sid).toBe(live.sessionId);
    },
  },
  {
    surface: "POST /api/session/bind",
    file: "app/api/session/bind/route.ts",
    rule: "DBSC registration: only with a challenge we issued for a live session that is not an administrator's session as a user; a session binds once",
    async prove({ send }) {
      const keys = await generateKeyPair("ES256");
      expect((await send("POST", "/api/session/bind")).status).toBe(400);
      const madeUp = await send("POST", "/api/session/bind", {
        headers: { "secure-session-response": await proof(keys, "A".repeat(43), true) },
      });
      expect(madeUp.status).toBe(400);
      const asUser = await sessionOf({ impersonatorId: await seededAdminId() });
      const refused = await send("POST", "/api/session/bind", {
        headers: {
          "secure-session-response": await proof(keys, await issueBindingChallenge(asUser.sessionId), true),
        },
      });
      expect(refused.status).toBe(400);
      expect(refused.cookies).toEqual({});
      const live = await sessionOf();
      const ok = await send("POST", "/api/session/bind", {
        headers: {
          "secure-session-response": await proof(keys, await issueBindingChallenge(live.sessionId), true),
        },
      });
      expect(ok.status).toBe(200);
      const again = await send("POST", "/api/session/bind", {
        headers: {
          "secure-session-response": await proof(
            await generateKeyPair("ES256"),
            await issueBindingChallenge(live.sessionId),
            true,
          ),
        },
      });
      expect(again.status).toBe(400);
      const rows = await db.session.findMany({ where: { id: { in: [live.sessionId, asUser.sessionId] } } });
      expect(rows.find((r) => r.id === asUser.sessionId)?.boundKey).toBeNull();
      expect(rows.find((r) => r.id === live.sessionId)?.boundKey).toContain(
        (await exportJWK(keys.publicKey)).x as string,
      );
    },
  },
  {
    surface: "GET /api/session/edge",
    file: "middleware.ts",
    rule: "edge token: answered by middleware from the token alone; missing, forged (another key) or revoked tokens get 401; a valid one gets its claims only",
    elsewhere: [
      {
        file: "e2e/edge.spec.ts",
        test: "tampered, expired and foreign tokens never pass",
        what: "tampered and expired tokens",
      },
    ],
    async prove({ send }) {
      const live = await sessionOf();
      const ask = (token?: string) =>
        send("GET", "/api/session/edge", { cookies: token ? { [EDGE]: token } : {} });
      // 503 while the edge's revocation set is not current: wait for it, never pass.
      await expect.poll(async () => (await ask(await edgeTokenOf(live))).status).toBe(200);
      const claims = json(await ask(await edgeTokenOf(live))) as Record<string, unknown>;
      expect(claims.sid).toBe(live.sessionId);
      expect(
        Object.keys(claims).every((k) =>
          ["sub", "sid", "role", "exp", "auth_time", "amr", "act"].includes(k),
        ),
      ).toBe(true);
      expect((await ask()).status).toBe(401);
      const forged = await mintEdgeToken(
        { sub: live.userId, sid: live.sessionId, role: "admin" },
        { secret: OTHER_SECRET },
      );
      expect((await ask(forged)).status).toBe(401);
      expect((await ask(live.token)).status).toBe(401);
      const token = await edgeTokenOf(live);
      await db.$transaction((tx) =>
        endSessions(tx, [{ id: live.sessionId, userId: live.userId }], "revoked", {
          action: "session.revoked",
        }),
      );
      await expect.poll(async () => (await ask(token)).status, { timeout: 10_000 }).toBe(401);
    },
  },
  {
    surface: "POST /api/oauth/device_authorization",
    file: "app/api/oauth/device_authorization/route.ts",
    rule: "public, configured clients only (RFC 8628): form-encoded client_id of a configured client; an unknown one gets 401 invalid_client, JSON gets invalid_request; codes are issued, no session and no cookie",
    elsewhere: [
      { file: "lib/api/device-grant.test.ts", what: "the RFC's answers, single use, throttled guessing" },
    ],
    async prove({ send }) {
      const stranger = await send("POST", "/api/oauth/device_authorization", {
        form: { client_id: "nobody" },
      });
      expect(stranger.status).toBe(401);
      expect(json(stranger)).toMatchObject({ error: "invalid_client" });
      const asJson = await send("POST", "/api/oauth/device_authorization", {
        headers: { "content-type": "application/json" },
      });
      expect(json(asJson)).toMatchObject({ error: "invalid_request" });
      const ok = await send("POST", "/api/oauth/device_authorization", { form: { client_id: "cli" } });
      expect(ok.status).toBe(200);
      expect((json(ok) as { user_code: string }).user_code).toMatch(
        /^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/,
      );
      expect(ok.cookies).toEqual({});
    },
  },
  {
    surface: "POST /api/oauth/token",
    file: "app/api/oauth/token/route.ts",
    rule: "the device_code and refresh_token grants only; the cli client needs a DPoP proof; a browser's cookies never buy tokens",
    elsewhere: [
      {
        file: "lib/api/tokens.test.ts",
        what: "rotation, reuse detection, the grace, 10 at once, session endings",
      },
      { file: "e2e/api-cli.spec.ts", what: "the CLI's login, refresh and invalid_grant after a revoke" },
    ],
    async prove({ send }) {
      const live = await sessionOf();
      const other = await send("POST", "/api/oauth/token", {
        cookies: live.cookie,
        form: { grant_type: "client_credentials", client_id: "e2e-app" },
      });
      expect(json(other)).toMatchObject({ error: "unsupported_grant_type" });
      const noProof = await send("POST", "/api/oauth/token", {
        form: { grant_type: "refresh_token", refresh_token: live.token, client_id: "cli" },
      });
      expect(json(noProof)).toMatchObject({ error: "invalid_dpop_proof" });
      // The browser's own session token is not a refresh token.
      const cookieToken = await send("POST", "/api/oauth/token", {
        cookies: live.cookie,
        form: { grant_type: "refresh_token", refresh_token: live.token, client_id: "e2e-app" },
      });
      expect(json(cookieToken)).toMatchObject({ error: "invalid_grant" });
    },
  },
  {
    surface: "POST /api/oauth/revoke",
    file: "app/api/oauth/revoke/route.ts",
    rule: "RFC 7009: ends the session of a refresh or access token of the named client, 200 whatever it was; a browser's session token or cookie ends nothing",
    elsewhere: [
      { file: "lib/api/tokens.test.ts", what: "a refresh and an access token each end their session" },
    ],
    async prove({ send }) {
      const live = await sessionOf();
      const answer = await send("POST", "/api/oauth/revoke", {
        cookies: live.cookie,
        form: { token: live.token, client_id: "cli" },
      });
      expect(answer.status).toBe(200);
      expect(await db.session.count({ where: { id: live.sessionId } })).toBe(1);
    },
  },
  {
    surface: "GET /.well-known/jwks.json",
    file: "app/.well-known/jwks.json/route.ts",
    rule: "public: Ed25519 public keys only (no private part), cached for less than a rotation period",
    elsewhere: [
      {
        file: "lib/api/verify-service.test.ts",
        what: "another service verifies through it across a rotation",
      },
    ],
    async prove({ send }) {
      const answer = await send("GET", "/.well-known/jwks.json");
      expect(answer.status).toBe(200);
      const { keys } = json(answer) as { keys: Record<string, string>[] };
      expect(keys.length).toBeGreaterThanOrEqual(3);
      for (const key of keys)
        expect(Object.keys(key).sort()).toEqual(["alg", "crv", "kid", "kty", "use", "x"]);
      expect(answer.headers["cache-control"]).toMatch(/max-age=\d+/);
      leaksNothing(answer.text);
    },
  },
  {
    surface: "GET /.well-known/oauth-authorization-server",
    file: "app/.well-known/oauth-authorization-server/route.ts",
    rule: "public RFC 8414 metadata: every endpoint under the issuer the request came to, nothing else",
    async prove({ send }) {
      const answer = await send("GET", "/.well-known/oauth-authorization-server");
      const meta = json(answer) as Record<string, unknown>;
      // The host the request named (no AUTH_URL here), not the server's own hostname.
      const issuer = String(meta.issuer);
      expect(issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      for (const key of [
        "device_authorization_endpoint",
        "token_endpoint",
        "revocation_endpoint",
        "jwks_uri",
      ])
        expect(String(meta[key]), key).toMatch(new RegExp(`^${issuer}/`));
      leaksNothing(answer.text);
    },
  },
  ...(
    [
      ["GET", "/api/v1/me", "app/api/v1/me/route.ts", "profile"],
      ["GET", "/api/v1/sessions", "app/api/v1/sessions/route.ts", "sessions:read"],
      ["DELETE", "/api/v1/sessions/x", "app/api/v1/sessions/[id]/route.ts", "sessions:write"],
    ] as const
  ).map(
    ([method, url, file, scope]): Row => ({
      surface: `${method} ${url.replace(/\/x$/, "/{id}")}`,
      file,
      rule: `an access token only, with scope ${scope}: the edge checks signature, issuer, audience, expiry and the revocation feed; the route checks the DPoP proof, the database session by sid and the scope; cookies never (RFC 6750 challenge)`,
      elsewhere: [
        { file: "lib/api/resource.test.ts", what: "hostile tokens and DPoP proofs refused" },
        {
          file: "e2e/api-device.spec.ts",
          what: "cookies never open the API; a revoked token is refused at the route and the edge",
        },
      ],
      async prove({ send }) {
        const live = await sessionOf();
        const cookies = { ...live.cookie, [EDGE]: await edgeTokenOf(live) };
        const withCookies = await send(method, url, { cookies });
        expect(withCookies.status).toBe(401);
        expect(withCookies.headers["www-authenticate"]).toMatch(/^Bearer realm="api"/);
        expect(withCookies.text).not.toContain(live.email);
        // The browser's edge token presented as a bearer token: not an access token.
        const edgeAsBearer = await send(method, url, {
          headers: { authorization: `Bearer ${cookies[EDGE]}` },
        });
        expect(edgeAsBearer.status).toBe(401);
        expect(edgeAsBearer.headers["www-authenticate"]).toContain('error="invalid_token"');
      },
    }),
  ),
  {
    surface: "GET /api/health/live",
    file: "app/api/health/live/route.ts",
    rule: "public: the process answers; states and counts only, no cookie set, nothing about the deployment",
    async prove({ send }) {
      const answer = await send("GET", "/api/health/live");
      expect(answer.status).toBe(200);
      expect(Object.keys(json(answer) as object).sort()).toEqual([
        "requestsInFlight",
        "shuttingDown",
        "status",
        "time",
      ]);
      expect(answer.cookies).toEqual({});
      leaksNothing(answer.text);
    },
  },
  {
    surface: "GET /api/health/ready",
    file: "app/api/health/ready/route.ts",
    rule: "public: pass/fail per check with times, never a connection string, path, driver message or user; a session cookie changes nothing; a client's own feed-sync header is not believed",
    elsewhere: [{ file: "e2e/outage.spec.ts", what: "what it says while the database is down" }],
    async prove({ send }) {
      const live = await sessionOf();
      const anonymous = await send("GET", "/api/health/ready");
      const signedIn = await send("GET", "/api/health/ready", { cookies: live.cookie });
      for (const answer of [anonymous, signedIn]) {
        expect([200, 503]).toContain(answer.status);
        const body = json(answer) as { checks: Record<string, object> };
        expect(Object.keys(body).sort()).toEqual(["checks", "status", "time"]);
        expect(Object.keys(body.checks).sort()).toEqual([
          "database",
          "migrations",
          "revocationFeed",
          "shutdown",
        ]);
        expect(answer.cookies).toEqual({});
        leaksNothing(answer.text);
        expect(answer.text).not.toContain(live.userId);
      }
      // Middleware sets the feed's last answer itself; a client claiming "just now" is overwritten.
      const claimed = await send("GET", "/api/health/ready", {
        headers: { "x-edge-feed-synced-at": "4102444800000" },
      });
      expect(claimed.text).not.toContain("2100-01-01");
    },
  },
  {
    surface: "GET /api/metrics",
    file: "app/api/metrics/route.ts",
    rule: "operator: with METRICS_TOKEN unset (as here) this machine only, by the TCP peer and, behind the trusted proxy header, the client it names; a remote client, with or without a session cookie or a forged peer header, gets a bare 403; the numbers carry no email, id or address",
    elsewhere: [
      { file: "lib/metrics/access.test.ts", what: "METRICS_TOKEN set: the bearer token only, from anywhere" },
      { file: "e2e/metrics.spec.ts", what: "the counters a browser sign-in moves" },
    ],
    async prove({ send }) {
      const live = await sessionOf();
      const remote = { "x-forwarded-for": "203.0.113.9" };
      for (const answer of [
        await send("GET", "/api/metrics", { headers: remote }),
        await send("GET", "/api/metrics", { headers: remote, cookies: live.cookie }),
        await send("GET", "/api/metrics", { headers: { ...remote, "x-peer-address": "127.0.0.1" } }),
      ]) {
        expect(answer.status).toBe(403);
        expect(answer.text).not.toContain("hybrid_auth_");
        expect(answer.cookies).toEqual({});
      }
      const operator = await send("GET", "/api/metrics", { headers: { "x-forwarded-for": "127.0.0.1" } });
      expect(operator.status).toBe(200);
      expect(operator.text).toContain("hybrid_auth_sign_ins_total");
      expect(operator.text).not.toContain(live.userId);
      expect(operator.text).not.toContain("@");
      leaksNothing(operator.text);
    },
  },
  {
    surface: "GET /api/internal/revocations",
    file: "app/api/internal/revocations/route.ts",
    rule: "internal/feed key: only a caller with the key derived from AUTH_SECRET; no key, a guessed one or one from another secret get the same bare 404 with no session ids; middleware does not front it",
    elsewhere: [{ file: "e2e/revocation-feed-forged.spec.ts", what: "forged forwarding headers" }],
    async prove({ send }) {
      const revoked = await sessionOf();
      await db.$transaction((tx) =>
        endSessions(tx, [{ id: revoked.sessionId, userId: revoked.userId }], "revoked", {
          action: "session.revoked",
        }),
      );
      const refusals = [
        await send("GET", "/api/internal/revocations"),
        await send("GET", "/api/internal/revocations", { headers: { [FEED_KEY_HEADER]: "guess" } }),
        await send("GET", "/api/internal/revocations", {
          headers: { [FEED_KEY_HEADER]: await feedKey(OTHER_SECRET) },
        }),
        // A session cookie is not a feed key, not even an administrator's.
        await send("GET", "/api/internal/revocations", {
          cookies: (await sessionOf({ role: "admin" })).cookie,
        }),
      ];
      for (const answer of refusals) {
        expect(answer.status).toBe(404);
        expect(json(answer)).toEqual({ error: "Not found." });
        expect(answer.cookies).toEqual({});
      }
      const keyed = await send("GET", "/api/internal/revocations", {
        headers: { [FEED_KEY_HEADER]: await feedKey(E2E_ENV.AUTH_SECRET) },
      });
      expect(keyed.status).toBe(200);
      expect(keyed.text).toContain(revoked.sessionId);
      expect(keyed.text).not.toContain(revoked.email);
    },
  },
  // Auth.js's endpoints, all behind app/api/auth/[...nextauth]/route.ts.
  {
    surface: "GET /api/auth/session",
    file: NEXTAUTH,
    authjs: "session",
    rule: "session, same rules as pages: revoked, locked, expired, idle, cutoff, and a bound session without its own edge token are no user; the body never holds the token",
    elsewhere: [
      {
        file: AUTH_ROUTES_SPEC,
        what: "a copied device-bound cookie gets no user (issue 25 row 2: today it does)",
      },
      { file: "e2e/end-every-session.spec.ts", what: "the global cutoff" },
    ],
    async prove({ send }) {
      noUser(await send("GET", "/api/auth/session"));
      for (const [kind, dead] of Object.entries(await deadSessions())) {
        const answer = await send("GET", "/api/auth/session", { cookies: dead.cookie });
        expect(answer.text, kind).not.toContain(dead.email);
        noUser(answer);
      }
      const live = await sessionOf();
      const ok = await send("GET", "/api/auth/session", { cookies: live.cookie });
      expect((json(ok) as { user: { id: string } }).user.id).toBe(live.userId);
      expect(ok.text).not.toContain(live.token);
    },
  },
  {
    surface: "GET /api/auth/csrf",
    file: NEXTAUTH,
    authjs: "csrf",
    rule: "public: a CSRF token and its cookie (double submit), nothing about the user even with a session",
    async prove({ send }) {
      const live = await sessionOf();
      const answer = await send("GET", "/api/auth/csrf", { cookies: live.cookie });
      expect(answer.status).toBe(200);
      expect(Object.keys(json(answer) as object)).toEqual(["csrfToken"]);
      expect(answer.cookies["authjs.csrf-token"]).toBeTruthy();
      expect(answer.text).not.toContain(live.email);
    },
  },
  {
    surface: "GET /api/auth/providers",
    file: NEXTAUTH,
    authjs: "providers",
    rule: "public: each configured provider's id, name and URLs; never a client secret",
    provider: true,
    async prove({ oidc: { origin } }) {
      const answer = await fetch(`${origin}/api/auth/providers`);
      expect(answer.status).toBe(200);
      const text = await answer.text();
      const listed = JSON.parse(text) as Record<string, Record<string, string>>;
      expect(Object.keys(listed)).toEqual(["oidc"]);
      expect(Object.keys(listed.oidc ?? {}).sort()).toEqual([
        "callbackUrl",
        "id",
        "name",
        "signinUrl",
        "type",
      ]);
      expect(text).not.toContain(TEST_CLIENT.secret);
    },
  },
  {
    surface: "GET /api/auth/signin, GET /api/auth/signin/<id>",
    file: NEXTAUTH,
    authjs: "signin",
    rule: "public: Auth.js's own sign-in page is ours (/login); a GET starts no provider sign-in",
    async prove({ send }) {
      for (const url of ["/api/auth/signin", "/api/auth/signin/oidc"]) {
        const answer = await send("GET", url);
        expect(answer.status, url).toBeGreaterThanOrEqual(300);
        expect(answer.status, url).toBeLessThan(400);
        expect(new URL(answer.location, "http://x").pathname, url).toBe("/login");
      }
    },
  },
  {
    surface: "POST /api/auth/signin/<id>",
    file: NEXTAUTH,
    authjs: "signin/<id>",
    rule: "public with Auth.js's CSRF token (state, PKCE, nonce towards the provider); while signed in it links only with a connect intent made after step-up (sensitive), never for an administrator signed in as the user",
    provider: true,
    elsewhere: [
      {
        file: AUTH_ROUTES_SPEC,
        what: "an old or a copied (bound) session posting here links nothing (issue 25 rows 1 and 2: today it links)",
      },
      {
        file: "e2e/oidc.spec.ts",
        test: IMPERSONATOR_CANNOT_CONNECT,
        what: "an administrator signed in as the user",
      },
    ],
    async prove({ oidc: { origin } }) {
      // Without the CSRF pair: no trip to the provider.
      const bare = await fetch(`${origin}/api/auth/signin/oidc`, {
        method: "POST",
        body: new URLSearchParams({ callbackUrl: "/dashboard" }),
        redirect: "manual",
      });
      expect(bare.headers.get("location") ?? "").toContain("MissingCSRF");
      // With it, signed out: off to the provider, carrying state, PKCE and nonce.
      const csrf = await fetch(`${origin}/api/auth/csrf`);
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const cookie = csrf.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      const started = await fetch(`${origin}/api/auth/signin/oidc`, {
        method: "POST",
        headers: { cookie },
        body: new URLSearchParams({ csrfToken, callbackUrl: "/dashboard" }),
        redirect: "manual",
      });
      const authorize = new URL(started.headers.get("location") ?? "");
      for (const param of ["state", "code_challenge", "nonce"])
        expect(authorize.searchParams.get(param), param).toBeTruthy();
    },
  },
  {
    surface: "GET /api/auth/callback/<id>",
    file: NEXTAUTH,
    authjs: "callback/<id>",
    rule: "public, checked by Auth.js: a callback without the state, PKCE and nonce of a sign-in this browser started makes no session and no link; then callbacks.signIn decides",
    elsewhere: [
      {
        file: "e2e/oidc.spec.ts",
        test: "a tampered state and a replayed callback create no session",
        what: "a real callback tampered and replayed",
      },
    ],
    provider: true,
    async prove({ oidc: { origin } }) {
      const before = await db.session.count();
      const forged = await fetch(`${origin}/api/auth/callback/oidc?code=forged&state=forged&iss=x`, {
        redirect: "manual",
      });
      expect(new URL(forged.headers.get("location") ?? "", origin).pathname).toBe("/login");
      expect(
        forged.headers
          .getSetCookie()
          .some((c) => c.startsWith(`${SESSION}=`) && !c.startsWith(`${SESSION}=;`)),
      ).toBe(false);
      expect(await db.session.count()).toBeLessThanOrEqual(before);
    },
  },
  {
    surface: "POST /api/auth/signout",
    file: NEXTAUTH,
    authjs: "signout",
    rule: "session with Auth.js's CSRF token: ends the session the cookie names (revocation feed, audit) and clears it; without the token it ends nothing; GET only shows a page",
    elsewhere: [
      {
        file: "e2e/security/forged-requests.spec.ts",
        test: "Auth.js's own POST routes refuse requests without its CSRF token",
        what: "signed-in browser without the token",
      },
    ],
    async prove({ send }) {
      const live = await sessionOf();
      const get = await send("GET", "/api/auth/signout", { cookies: live.cookie });
      expect(get.status).toBeLessThan(400);
      const forged = await send("POST", "/api/auth/signout", {
        cookies: live.cookie,
        form: { csrfToken: "forged" },
      });
      expect(forged.status).toBeLessThan(400);
      expect(await db.session.count({ where: { id: live.sessionId } })).toBe(1);
      const csrf = await authCsrf(send);
      const done = await send("POST", "/api/auth/signout", {
        cookies: { ...live.cookie, ...csrf.cookie },
        form: { csrfToken: csrf.csrfToken, callbackUrl: "/" },
      });
      expect(done.status).toBe(302);
      expect(done.cookies[SESSION]).toBe("");
      expect(await db.session.count({ where: { id: live.sessionId } })).toBe(0);
      expect(await db.revokedSession.count({ where: { sessionId: live.sessionId, reason: "signout" } })).toBe(
        1,
      );
    },
  },
  {
    surface: "GET /api/auth/error, /api/auth/verify-request, /api/auth/webauthn-options/<id>",
    file: NEXTAUTH,
    authjs: "error, verify-request, webauthn-options",
    rule: "public: Auth.js's remaining actions are pages or unused here (no email or WebAuthn provider: passkeys are ours, lib/passkeys); they reveal nothing and set no session",
    async prove({ send }) {
      const live = await sessionOf();
      for (const url of [
        "/api/auth/error?error=Configuration",
        "/api/auth/verify-request",
        "/api/auth/webauthn-options/passkey",
      ]) {
        const answer = await send("GET", url, { cookies: live.cookie });
        expect(answer.status, url).toBeLessThan(500);
        expect(answer.cookies[SESSION], url).toBeUndefined();
        expect(answer.text, url).not.toContain(live.email);
        expect(answer.text, url).not.toContain(E2E_ENV.AUTH_SECRET);
      }
    },
  },
  // Auth.js's callbacks and events (lib/authjs/index.ts).
  {
    surface: "callbacks.session",
    file: AUTH_CONFIG,
    authjs: "callbacks.session",
    rule: "what Auth.js hands out for a session: id, email, name, role of the user, the session id and expiry; never the token, password hash, lock or second-factor state",
    async prove({ send }) {
      const live = await sessionOf();
      const body = json(await send("GET", "/api/auth/session", { cookies: live.cookie })) as {
        user: object;
      };
      expect(Object.keys(body).sort()).toEqual(["expires", "sessionId", "user"]);
      expect(Object.keys(body.user).sort()).toEqual(["email", "id", "name", "role"]);
    },
  },
  {
    surface: "callbacks.signIn",
    file: AUTH_CONFIG,
    authjs: "callbacks.signIn",
    rule: "every provider sign-in and link: an email is required; a locked account is refused and audited; an administrator signed in as the user is refused; while signed in, a link needs a connect intent (step-up)",
    provider: true,
    elsewhere: [
      {
        file: "e2e/oidc.spec.ts",
        test: IMPERSONATOR_CANNOT_CONNECT,
        what: "an administrator signed in as the user",
      },
      {
        file: AUTH_ROUTES_SPEC,
        what: "linking without the connect intent is refused and audited (issue 25 row 1)",
      },
    ],
    async prove({ oidc: { origin } }) {
      const login = `route-op-${randomUUID().slice(0, 8)}@example.com`;
      const user = await db.user.create({ data: { email: login, lockedAt: new Date() } });
      await db.account.create({
        data: { userId: user.id, type: "oidc", provider: "oidc", providerAccountId: login },
      });
      const { location, session } = await signInAtProviderByHand(origin, login);
      expect(location.pathname + location.search).toBe("/login?error=AccessDenied");
      expect(session).toBeUndefined();
      expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
      expect(await db.auditEvent.count({ where: { targetUserId: user.id, action: "login.failed" } })).toBe(1);
    },
  },
  {
    surface: "events.createUser",
    file: AUTH_CONFIG,
    authjs: "events.createUser",
    rule: "a first provider sign-in creates the account (no password, no admin role) and audits user.created; the session begins like every other",
    provider: true,
    async prove({ oidc: { origin } }) {
      const login = `route-op-${randomUUID().slice(0, 8)}@example.com`;
      const { location, session } = await signInAtProviderByHand(origin, login);
      expect(location.pathname).toBe("/dashboard");
      expect(session).toBeTruthy();
      const user = await db.user.findUniqueOrThrow({ where: { email: login } });
      expect(user).toMatchObject({ role: "user", passwordHash: null });
      expect(await db.auditEvent.count({ where: { targetUserId: user.id, action: "user.created" } })).toBe(1);
      expect(
        await db.session.findMany({ where: { userId: user.id }, select: { signInMethod: true } }),
      ).toEqual([{ signInMethod: "oidc" }]);
    },
  },
  {
    surface: "events.linkAccount",
    file: AUTH_CONFIG,
    authjs: "events.linkAccount",
    rule: "every link is audited (account.linked) and made only through the Connect button, a sensitive action (step-up); the linking request confirms nothing",
    provider: true,
    elsewhere: [
      {
        file: AUTH_ROUTES_SPEC,
        what: "Connect past the step-up window, or a link not made through Connect, links nothing; Confirm with PROVIDER never links (rows 1, 1b)",
      },
    ],
    async prove({ browser, oidc: { origin } }) {
      const owner = await sessionOf();
      // Connect is offered only to an account whose address is verified.
      await db.user.update({ where: { id: owner.userId }, data: { emailVerified: new Date() } });
      const { context, page } = await providerBrowser(browser, origin);
      await context.addCookies([{ name: SESSION, value: owner.token, url: origin }]);
      await page.goto("/settings/accounts");
      await page.getByRole("button", { name: `Connect ${OP_NAME}` }).click();
      const login = `route-op-${randomUUID().slice(0, 8)}@example.com`;
      await page.getByPlaceholder("Enter any login").fill(login);
      await page.getByPlaceholder("and password").fill("any password");
      await page.getByRole("button", { name: "Sign-in" }).click();
      await page.getByRole("button", { name: "Continue" }).click();
      await expect(page).toHaveURL(/\/settings\/accounts$/);
      expect(
        await db.account.findMany({ where: { userId: owner.userId }, select: { provider: true } }),
      ).toEqual([{ provider: "oidc" }]);
      expect(
        await db.auditEvent.count({ where: { targetUserId: owner.userId, action: "account.linked" } }),
      ).toBe(1);
      await context.close();
    },
  },
  {
    surface: "events.signIn",
    file: AUTH_CONFIG,
    authjs: "events.signIn",
    rule: 'a provider sign-in on a signed-in session counts as "Confirm it\'s you" only for a provider account already linked to this user, signed in just now at the provider',
    elsewhere: [
      {
        file: "e2e/oidc.spec.ts",
        test: "an account entered only through the provider confirms it's you by signing in there again, on the same session",
        what: "the confirmation itself",
      },
      {
        file: AUTH_ROUTES_SPEC,
        what: "another provider account neither links nor confirms (issue 25 row 1b)",
      },
      {
        file: "lib/reauth/provider.test.ts",
        test: "refuses an old sign-in (a provider that kept its own session), or one far in the future",
        what: "auth_time bounds",
      },
    ],
    async prove() {
      // Each case needs provider round trips of its own: the specs named above make them.
    },
  },
];

// ---------------------------------------------------------------------------
// The surface as it is in the code, to compare with the table

function routeFiles(dir = path.join(ROOT, "app")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return /^route\.(ts|tsx|js|mjs)$/.test(entry.name) ? [path.relative(ROOT, full)] : [];
  });
}

/** Every Auth.js action its catch-all serves (@auth/core's router). */
const AUTHJS_ACTIONS = [
  "session",
  "csrf",
  "providers",
  "signin",
  "signin/<id>",
  "callback/<id>",
  "signout",
  "error",
  "verify-request",
  "webauthn-options",
];

/**
 * The members of each `callbacks: {...}` / `events: {...}` object literal in
 * lib/authjs/index.ts: a name followed by `:` or `(` at the literal's top level, at
 * the start of a member (the literal's first line, or after a line ending in ",").
 */
function hooksIn(source: string, block: "callbacks" | "events"): string[] {
  const names = new Set<string>();
  for (const start of source.matchAll(new RegExp(`\\b${block}: \\{`, "g"))) {
    let depth = 0;
    let memberStart = false;
    for (const line of source.slice(start.index).split("\n")) {
      const code = line.replace(/"[^"]*"|'[^']*'|`[^`]*`|\/\/.*$/g, "").trim();
      if (!code) continue;
      if (depth === 1 && memberStart) {
        const key = /^(?:async\s+)?([A-Za-z]\w*)\s*[:(]/.exec(code)?.[1];
        if (key) names.add(key);
      }
      for (const ch of code) {
        if ("{([".includes(ch)) depth++;
        if ("})]".includes(ch)) depth--;
      }
      if (depth <= 0) break;
      memberStart = depth === 1 && /[,{]$/.test(code);
    }
  }
  return [...names].map((n) => `${block}.${n}`);
}

test("every route handler, Auth.js endpoint, callback and event has a row", () => {
  const listed = [...new Set(ROWS.map((r) => r.file))];
  for (const file of routeFiles()) expect(listed, `${file} has no row in this table`).toContain(file);
  for (const file of listed)
    expect(existsSync(path.join(ROOT, file)), `${file} is gone: drop its row`).toBe(true);

  const authjs = ROWS.filter((r) => r.file === NEXTAUTH).flatMap((r) => (r.authjs ?? "").split(/,\s*/));
  expect(authjs.sort()).toEqual([...AUTHJS_ACTIONS].sort());

  const source = readFileSync(path.join(ROOT, AUTH_CONFIG), "utf8");
  const hooks = [...hooksIn(source, "callbacks"), ...hooksIn(source, "events")].sort();
  // The parser itself must see what is there today.
  expect(hooks).toEqual(
    expect.arrayContaining([
      "callbacks.session",
      "callbacks.signIn",
      "events.createUser",
      "events.linkAccount",
      "events.signIn",
    ]),
  );
  expect(
    ROWS.filter((r) => r.file === AUTH_CONFIG)
      .map((r) => r.authjs ?? "")
      .sort(),
  ).toEqual(hooks);

  // What a row leaves to another spec is there (the other helper's spec may not be merged yet).
  for (const row of ROWS)
    for (const ref of row.elsewhere ?? []) {
      const file = path.join(ROOT, ref.file);
      if (ref.file === AUTH_ROUTES_SPEC && !existsSync(file)) continue;
      expect(existsSync(file), `${row.surface}: ${ref.file}`).toBe(true);
      if (ref.test) expect(readFileSync(file, "utf8"), `${row.surface}: ${ref.file}`).toContain(ref.test);
    }
});

const noProvider = undefined as unknown as OidcApp;
for (const row of ROWS) {
  const title = `${row.surface} — ${row.rule.split(":")[0]}`;
  if (row.provider) test(title, ({ send, browser, oidcApp }) => row.prove({ send, browser, oidc: oidcApp }));
  else test(title, ({ send, browser }) => row.prove({ send, browser, oidc: noProvider }));
}
