// Device-bound sessions (DBSC) in Chromium's developer mode, on our server over
// https with a self-signed certificate that the browser accepts by its key
// (../shared/design/dbsc.md). The bound edge token lives a few seconds here, so
// Chromium renews it with a signed refresh on about every request.
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";
import type {
  Browser,
  BrowserContext,
  BrowserType,
  CDPSession,
  Cookie,
  LaunchOptions,
  Page,
} from "@playwright/test";
import { request as apiRequest } from "@playwright/test";
import { generateKeyPair, SignJWT } from "jose";
import { db } from "@/lib/db/client";
import { mintEdgeToken } from "@/lib/edge/token";
import { type LocalCertificate, makeLocalCertificate } from "@/lib/server/local-certificate";
import { freePort } from "@/lib/testing/free-port";
import { chromiumArgs, fullChromium } from "./browsers";
import { E2E_ENV } from "./env";
import { type Credentials, createAccount, expect, newCredentials, test } from "./fixtures";
import { signInThroughProvider, startOidcProvider, TEST_CLIENT } from "./oidc-provider";
import { startOurServer } from "./own-server";

const BOUND_TTL_SECONDS = 8;
const DBSC_FEATURES =
  "--enable-features=DeviceBoundSessions:RequireOriginTrialTokens/false/RefreshQuota/false,EnableBoundSessionCredentialsSoftwareKeysForManualTesting";
const SESSION_COOKIE = "__Host-authjs.session-token";
const EDGE_COOKIE = "__Host-edge-token";

/** What CDP reports for each registration, challenge, refresh and termination (fields we read). */
type DbscEvent = {
  succeeded: boolean;
  sessionId?: string;
  creationEventDetails?: unknown;
  refreshEventDetails?: unknown;
  challengeEventDetails?: unknown;
  terminationEventDetails?: unknown;
};

let server: Awaited<ReturnType<typeof startOurServer>>;
let cert: LocalCertificate;
const certDir = path.resolve(import.meta.dirname, `../data/e2e-cert-${randomBytes(4).toString("hex")}`);

test.describe.configure({ mode: "serial" });
// Device-bound sessions as dbsc.md measured them: in the full browser, not the headless shell.
test.use({ launchOptions: { executablePath: fullChromium, args: chromiumArgs } });

test.beforeAll(async () => {
  cert = makeLocalCertificate(certDir);
  server = await startOurServer({
    HTTPS_CERT: cert.cert,
    HTTPS_KEY: cert.key,
    BOUND_EDGE_TOKEN_TTL_SECONDS: String(BOUND_TTL_SECONDS),
  });
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(certDir, { recursive: true, force: true });
});

/** Chromium that trusts our certificate; with `dbsc`, in DBSC developer mode with software keys. */
function launch(browserType: BrowserType, launchOptions: LaunchOptions, dbsc: boolean): Promise<Browser> {
  return browserType.launch({
    ...launchOptions,
    args: [
      ...(launchOptions.args ?? []),
      `--ignore-certificate-errors-spki-list=${cert.spki}`,
      // Last, so it is the --enable-features Chromium reads (Playwright passes its own earlier).
      ...(dbsc ? [DBSC_FEATURES] : []),
    ],
  });
}

type Tab = { context: BrowserContext; page: Page; events: DbscEvent[] };

async function openTab(browser: Browser, options: { ignoreHTTPSErrors?: boolean } = {}): Promise<Tab> {
  const context = await browser.newContext({ baseURL: server.origin, ...options });
  const page = await context.newPage();
  const cdp: CDPSession = await context.newCDPSession(page);
  const events: DbscEvent[] = [];
  // Not in Playwright's protocol types yet.
  const untyped = cdp as unknown as {
    on: (event: string, listener: (e: DbscEvent) => void) => void;
    send: (method: string, params?: object) => Promise<unknown>;
  };
  untyped.on("Network.deviceBoundSessionEventOccurred", (e) => events.push(e));
  const send = (method: string, params?: object) => untyped.send(method, params);
  await send("Network.enable");
  await send("Network.enableDeviceBoundSessions", { enable: true });
  return { context, page, events };
}

async function signIn(page: Page, creds: Credentials): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(creds.email);
  await page.getByLabel("Password").fill(creds.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

async function sessionOf(userId: string) {
  return db.session.findFirstOrThrow({ where: { userId }, orderBy: { createdAt: "desc" } });
}

async function boundDevice(browser: Browser, creds: Credentials, userId: string) {
  const tab = await openTab(browser);
  await signIn(tab.page, creds);
  await expect.poll(async () => (await sessionOf(userId)).boundAt !== null).toBe(true);
  return { ...tab, sessionId: (await sessionOf(userId)).id };
}

const succeeded = (events: DbscEvent[], kind: keyof DbscEvent) =>
  events.filter((e) => e.succeeded && e[kind]).length;

/** Per test: an account of its own, and Chromiums that are closed when the test ends. */
const dbscTest = test.extend<{
  account: { creds: Credentials; userId: string };
  chromium: (dbsc: boolean) => Promise<Browser>;
}>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's dependencies from this pattern.
  account: async ({}, use) => {
    const creds = newCredentials();
    await use({ creds, userId: await createAccount(creds) });
  },
  chromium: async ({ playwright, launchOptions }, use) => {
    const browsers: Browser[] = [];
    await use(async (dbsc) => {
      const browser = await launch(playwright.chromium, launchOptions, dbsc);
      browsers.push(browser);
      return browser;
    });
    await Promise.all(browsers.map((b) => b.close()));
  },
});

/** Whether the browser ended the session because our refresh answer said `continue: false`. */
const endedByServer = (events: DbscEvent[], sessionId: string) =>
  events.some(
    (e) =>
      e.sessionId === sessionId &&
      (e.terminationEventDetails as { deletionReason?: string } | undefined)?.deletionReason ===
        "ServerRequested",
  );

dbscTest(
  "a sign-in over https binds the session, and pages keep working across signed refreshes",
  async ({ account: { creds, userId }, chromium }) => {
    const a = await boundDevice(await chromium(true), creds, userId);
    await expect.poll(() => succeeded(a.events, "creationEventDetails")).toBe(1);
    await a.page.goto("/devices");
    await expect(a.page.getByText("Bound to this device")).toBeVisible();

    const cookieOnlyRefreshes: string[] = [];
    a.page.on("request", (r) => {
      if (r.method() === "GET" && new URL(r.url()).pathname === "/api/session/refresh")
        cookieOnlyRefreshes.push(r.url());
    });
    for (let i = 0; i < 4; i++) {
      await a.page.goto("/dashboard");
      await expect(a.page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    }
    // The bound token outlives no request by 120 s, so Chromium renews it with a proof again and again.
    await expect.poll(() => succeeded(a.events, "refreshEventDetails")).toBeGreaterThanOrEqual(2);
    expect(cookieOnlyRefreshes).toEqual([]);
    // One registration, and no refresh or registration the browser had to give up on.
    expect(a.events.filter((e) => !e.succeeded)).toEqual([]);
    expect(await db.auditEvent.count({ where: { sessionId: a.sessionId, action: "session.bound" } })).toBe(1);
  },
);

dbscTest(
  "after signing out and in again, the new session is bound and the old one is told to stop",
  async ({ account: { creds, userId }, chromium }) => {
    const a = await boundDevice(await chromium(true), creds, userId);
    await a.page.getByRole("button", { name: "Sign out" }).click();
    await expect(a.page).toHaveURL(/\/login/);
    await signIn(a.page, creds);
    await expect.poll(async () => (await sessionOf(userId)).boundAt !== null).toBe(true);
    expect((await sessionOf(userId)).id).not.toBe(a.sessionId);
    for (let i = 0; i < 3; i++) {
      await a.page.goto("/devices");
      await expect(a.page.getByText("Bound to this device")).toBeVisible();
    }
    await expect.poll(() => succeeded(a.events, "creationEventDetails")).toBe(2);
    expect(await db.session.count({ where: { userId } })).toBe(1);
    await expect.poll(() => endedByServer(a.events, a.sessionId)).toBe(true);
  },
);

dbscTest(
  "copied cookies are refused on another machine once the copied edge token expired, and a forged proof renews nothing",
  async ({ account: { creds, userId }, chromium }) => {
    const a = await boundDevice(await chromium(true), creds, userId);
    await a.page.goto("/dashboard");
    const stolen = (await a.context.cookies()).filter((c) => [SESSION_COOKIE, EDGE_COOKIE].includes(c.name));
    expect(stolen.map((c) => c.name).sort()).toEqual([EDGE_COOKIE, SESSION_COOKIE].sort());

    // The copied edge token, once past its TTL (minted as the server would have, BOUND_TTL_SECONDS ago).
    const expired = await mintEdgeToken(
      { sub: userId, sid: a.sessionId, role: "user" },
      { issuedAt: Math.floor(Date.now() / 1000) - BOUND_TTL_SECONDS - 1, ttlSeconds: BOUND_TTL_SECONDS },
    );
    const t = await openTab(await chromium(false), { ignoreHTTPSErrors: true });
    await t.context.addCookies(
      stolen.map((c) => (c.name === EDGE_COOKIE ? { ...c, value: expired, expires: -1 } : { ...c })),
    );
    // The page check refuses it (an API route, past no edge gate), and the cookie-only refresh will not re-mint.
    expect((await t.page.request.get("/api/session")).status()).toBe(401);
    await t.page.goto("/dashboard");
    await expect(t.page).toHaveURL(/\/login\?next=%2Fdashboard$/);
    expect((await t.context.cookies()).map((c) => c.name)).not.toContain(EDGE_COOKIE);
    const refused = await db.auditEvent.findMany({
      where: { sessionId: a.sessionId, action: "session.refresh_refused" },
    });
    expect(refused.map((e) => (e.details as { reason: string }).reason)).toContain("cookie_only");

    // The copied session cookie posing as Next's own render fetch (`rsc: 1`, with the `_rsc`
    // parameter Next redirects to first): a plain refusal, no token.
    const copiedCookie = stolen.find((c) => c.name === SESSION_COOKIE)?.value ?? "";
    const posing = await apiRequest.newContext({ baseURL: server.origin, ignoreHTTPSErrors: true });
    const asRsc = await posing.get("/api/session/refresh?next=%2Fdashboard&_rsc", {
      headers: { rsc: "1", cookie: `${SESSION_COOKIE}=${copiedCookie}` },
      maxRedirects: 0,
    });
    expect(asRsc.status()).toBe(401);
    expect(asRsc.headers()["set-cookie"] ?? "").not.toContain(EDGE_COOKIE);
    await posing.dispose();

    // A fresh copy of both: nothing but the device's proof renews the edge token, so it dies with its TTL.
    const fresh = await openTab(await chromium(false), { ignoreHTTPSErrors: true });
    await fresh.context.addCookies(stolen);
    await fresh.page.goto("/api/session/refresh?next=%2Fdashboard");
    await expect(fresh.page).toHaveURL(/\/login\?next=%2Fdashboard$/);
    expect((await fresh.context.cookies()).map((c) => c.name)).not.toContain(EDGE_COOKIE);

    // A hand-made refresh with a key that is not the device's.
    const api = await apiRequest.newContext({ baseURL: server.origin, ignoreHTTPSErrors: true });
    const asked = await api.post("/api/session/refresh", {
      headers: { "sec-secure-session-id": a.sessionId },
    });
    expect(asked.status()).toBe(403);
    const challenge = asked.headers()["secure-session-challenge"]?.match(/^"([^"]+)"/)?.[1] ?? "";
    const { privateKey } = await generateKeyPair("ES256");
    const forged = await new SignJWT({ jti: challenge })
      .setProtectedHeader({ alg: "ES256", typ: "dbsc+jwt" })
      .sign(privateKey);
    const answer = await api.post("/api/session/refresh", {
      headers: { "sec-secure-session-id": a.sessionId, "secure-session-response": forged },
    });
    expect(answer.status()).toBe(401);
    expect(answer.headers()["set-cookie"] ?? "").not.toContain(EDGE_COOKIE);
    await api.dispose();

    // The owner's device is untouched by all this.
    await a.page.goto("/dashboard");
    await expect(a.page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  },
);

dbscTest("a sign-in through a provider (Auth.js's callback) binds the session too", async ({ chromium }) => {
  const port = await freePort();
  // Auth.js names the loopback host "localhost" in the callback it sends the provider; the certificate covers it.
  const appOrigin = `https://localhost:${port}`;
  const op = await startOidcProvider(appOrigin);
  const app = await startOurServer(
    {
      HTTPS_CERT: cert.cert,
      HTTPS_KEY: cert.key,
      BOUND_EDGE_TOKEN_TTL_SECONDS: String(BOUND_TTL_SECONDS),
      AUTH_OIDC_ISSUER: op.issuer,
      AUTH_OIDC_ID: TEST_CLIENT.id,
      AUTH_OIDC_SECRET: TEST_CLIENT.secret,
      AUTH_OIDC_NAME: "Test OP",
    },
    port,
  );
  try {
    const login = `op-${randomBytes(4).toString("hex")}@example.com`;
    const page = await (await (await chromium(true)).newContext({ baseURL: appOrigin })).newPage();
    await signInThroughProvider(page, "Test OP", login);
    await expect(page).toHaveURL(/\/dashboard$/);
    const user = await db.user.findUniqueOrThrow({ where: { email: login } });
    await expect.poll(async () => (await sessionOf(user.id)).boundAt !== null).toBe(true);
    expect((await sessionOf(user.id)).signInMethod).toBe("oidc");
    await page.goto("/devices");
    await expect(page.getByText("Bound to this device")).toBeVisible();
  } finally {
    await app.stop();
    await op.stop();
  }
});

dbscTest(
  "revoking a bound session from another device ends it",
  async ({ account: { creds, userId }, chromium, openDevice }) => {
    const a = await boundDevice(await chromium(true), creds, userId);
    const b = await openDevice("firefoxWindows");
    await b.signIn(creds);
    await b.page.goto("/devices");
    const boundRow = b.page.getByRole("listitem").filter({ hasText: "Bound to this device" });
    await boundRow.getByRole("button", { name: /^Revoke / }).click();
    await expect(boundRow).toHaveCount(0);

    await a.page.goto("/dashboard");
    await expect(a.page).toHaveURL(/\/login/);
    await a.page.goto("/dashboard");
    await expect(a.page).toHaveURL(/\/login/);
    await expect.poll(() => endedByServer(a.events, a.sessionId)).toBe(true);
  },
);

dbscTest(
  "a bound administrator signs in as a user and back, and stays bound",
  async ({ admin, chromium }) => {
    const adminId = (await db.user.findUniqueOrThrow({ where: { email: admin.email } })).id;
    const a = await boundDevice(await chromium(true), admin, adminId);
    const target = newCredentials();
    const targetId = await createAccount(target);
    await a.page.goto(`/admin/sessions?email=${encodeURIComponent(target.email)}`);
    const form = a.page.getByRole("form", { name: `Sign in as ${target.email}` });
    await form.getByLabel("Reason").fill("Support ticket 19");
    await form.getByRole("button", { name: "Sign in as user" }).click();
    await expect(a.page).toHaveURL(/\/dashboard$/);
    const banner = a.page.getByRole("region", { name: "Impersonation" });
    await expect(banner).toContainText(`You are signed in as ${target.email}`);
    expect((await a.page.goto("/admin/sessions"))?.status()).toBe(403);
    // The device's proof renews the edge token of the session as the user (with the
    // administrator as actor), never the administrator's own: the edge keeps it out of /admin.
    const impersonation = await db.session.findFirstOrThrow({ where: { impersonatorId: adminId } });
    await a.context.clearCookies({ name: EDGE_COOKIE });
    await a.page.goto("/api/session/edge");
    const claims = JSON.parse((await a.page.locator("body").textContent()) ?? "") as {
      sid: string;
      act?: { sub: string };
    };
    expect(claims).toMatchObject({ sid: impersonation.id, act: { sub: adminId } });
    expect(succeeded(a.events, "refreshEventDetails")).toBeGreaterThan(0);

    await a.page.goto("/dashboard");
    await banner.getByRole("button", { name: "Stop impersonating" }).click();
    // The action cleared the edge token for the device to renew: the page comes after the
    // renewal, not as a sign-in form rendered where the admin page should be.
    await expect(a.page).toHaveURL(/\/admin\/sessions/);
    await expect(a.page.getByRole("form", { name: `Sign in as ${target.email}` })).toBeVisible();
    await a.page.goto("/dashboard");
    await expect(a.page.getByRole("main")).toContainText(admin.email);
    await a.page.goto("/devices");
    await expect(a.page.getByText("Bound to this device")).toBeVisible();

    // A DBSC refresh sent before "Stop impersonating" and answered after it (it read the
    // cookies of the session as the user) leaves that session's edge token behind. The edge
    // refuses it; the administrator is not signed out: the device renews its own with a proof.
    const edgeCookie = (await a.context.cookies()).find((c) => c.name === EDGE_COOKIE);
    expect(edgeCookie).toBeDefined();
    const leftBehind = await mintEdgeToken(
      { sub: targetId, sid: impersonation.id, role: "user", impersonatorId: adminId },
      { ttlSeconds: 60, secret: E2E_ENV.AUTH_SECRET },
    );
    await a.context.addCookies([{ ...(edgeCookie as Cookie), value: leftBehind, expires: -1 }]);
    await a.page.goto("/dashboard");
    await expect(a.page).toHaveURL(/\/dashboard$/);
    await expect(a.page.getByRole("main")).toContainText(admin.email);
    expect(
      await db.auditEvent.findMany({ where: { sessionId: a.sessionId, action: "session.refresh_refused" } }),
    ).toEqual([]);
    // Back in its own session, renewed by the device's proofs, not by the set-aside cookie.
    expect(a.events.filter((e) => !e.succeeded)).toEqual([]);
    expect(await db.session.count({ where: { id: a.sessionId } })).toBe(1);
  },
);

dbscTest(
  "Chromium without DBSC signs in on https and works as before, unbound",
  async ({ account: { creds, userId }, browser }) => {
    const tab = await openTab(browser, { ignoreHTTPSErrors: true });
    await signIn(tab.page, creds);
    await tab.page.goto("/devices");
    await expect(tab.page.getByText("This device", { exact: true })).toBeVisible();
    await expect(tab.page.getByText("Bound to this device")).toHaveCount(0);
    expect((await sessionOf(userId)).boundAt).toBeNull();
    // Its edge token expired: the cookie-only refresh renews it, as for every unbound session.
    await tab.context.clearCookies({ name: EDGE_COOKIE });
    await tab.page.goto("/dashboard");
    await expect(tab.page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    expect((await tab.context.cookies()).map((c) => c.name)).toContain(EDGE_COOKIE);
    await tab.context.close();
  },
);

dbscTest(
  "a copied cookie of a bound session is no session for Auth.js's own routes: /api/auth/session says none, and a provider callback links nothing to its owner",
  async ({ account: { creds, userId }, chromium }) => {
    const port = await freePort();
    const appOrigin = `https://localhost:${port}`;
    const op = await startOidcProvider(appOrigin);
    const app = await startOurServer(
      {
        HTTPS_CERT: cert.cert,
        HTTPS_KEY: cert.key,
        BOUND_EDGE_TOKEN_TTL_SECONDS: String(BOUND_TTL_SECONDS),
        AUTH_OIDC_ISSUER: op.issuer,
        AUTH_OIDC_ID: TEST_CLIENT.id,
        AUTH_OIDC_SECRET: TEST_CLIENT.secret,
        AUTH_OIDC_NAME: "Test OP",
      },
      port,
    );
    try {
      await db.user.update({ where: { id: userId }, data: { emailVerified: new Date() } });
      const owner = await (await (await chromium(true)).newContext({ baseURL: appOrigin })).newPage();
      await signIn(owner, creds);
      await expect.poll(async () => (await sessionOf(userId)).boundAt !== null).toBe(true);
      const copied = (await owner.context().cookies()).filter((c) => c.name === SESSION_COOKIE);
      expect(copied).toHaveLength(1);

      // Another machine with only the session cookie (no DBSC, no key, no edge token).
      const thiefContext = await (await chromium(false)).newContext({
        baseURL: appOrigin,
        ignoreHTTPSErrors: true,
      });
      await thiefContext.addCookies(copied);
      const thief = await thiefContext.newPage();
      const session = await thief.request.get("/api/auth/session");
      expect(session.status()).toBe(200);
      const body = await session.text();
      expect(body).not.toContain(creds.email);
      expect(JSON.parse(body || "null")).toBeNull();

      // Straight to Auth.js with the copied cookie (again: Auth.js cleared it as no session),
      // signing in at the provider as the thief.
      await thiefContext.addCookies(copied);
      const { csrfToken } = (await (await thief.request.get("/api/auth/csrf")).json()) as {
        csrfToken: string;
      };
      const started = await thief.request.post("/api/auth/signin/oidc", {
        form: { csrfToken, callbackUrl: "/settings/accounts" },
        maxRedirects: 0,
      });
      expect(started.status()).toBe(302);
      await thief.goto(started.headers().location as string);
      const login = `thief-${randomBytes(4).toString("hex")}@example.com`;
      await thief.getByPlaceholder("Enter any login").fill(login);
      await thief.getByPlaceholder("and password").fill("any password");
      await thief.getByRole("button", { name: "Sign-in" }).click();
      await thief.getByRole("button", { name: "Continue" }).click();
      await expect(thief).toHaveURL(new RegExp(`^${appOrigin}/`));
      await expect(thief.getByRole("heading", { level: 1 })).toBeVisible();

      // The owner's account gained no way in; whatever the thief got is their own.
      expect(await db.account.count({ where: { userId } })).toBe(0);
      expect(await db.auditEvent.count({ where: { targetUserId: userId, action: "account.linked" } })).toBe(
        0,
      );
      const theirs = await db.account.findFirst({ where: { providerAccountId: login } });
      expect(theirs?.userId ?? null).not.toBe(userId);
      // And the owner's device goes on, bound.
      await owner.goto("/devices");
      await expect(owner.getByText("Bound to this device")).toBeVisible();
    } finally {
      await app.stop();
      await op.stop();
    }
  },
);
