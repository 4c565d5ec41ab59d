// Issue 20: the database goes away under a running server and comes back. A
// PostgreSQL cluster of this spec's own (not the shared service), our server on
// it (started with `npm start`), two devices signed in; then `pg_ctl stop -m fast`,
// every kind of request checked, the database started again, and both devices
// still signed in with the same cookies.
import { type BrowserContext, expect, test } from "@playwright/test";
import pg from "pg";
import {
  havePostgresServer,
  type PrivatePostgres,
  startPrivatePostgres,
} from "@/lib/testing/private-postgres";
import { UNAVAILABLE_MESSAGES } from "@/lib/ui/unavailable";
import { newCredentials, USER_AGENTS } from "./fixtures";
import { startOurServer } from "./own-server";

test.describe.configure({ mode: "serial", timeout: 180_000 });
// CI and these machines have them; elsewhere set PG_BIN to a PostgreSQL server's bin folder.
test.skip(!havePostgresServer(), "needs PostgreSQL server binaries (initdb, pg_ctl): set PG_BIN");

let cluster: PrivatePostgres;
let server: Awaited<ReturnType<typeof startOurServer>>;
let databaseUrl: string;

test.beforeAll(async () => {
  // A cluster of its own, then `npm start` migrating and seeding it: minutes on a loaded 2-core machine.
  test.setTimeout(360_000);
  cluster = await startPrivatePostgres();
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  await admin.query('CREATE DATABASE "hybrid_auth"');
  await admin.end();
  databaseUrl = cluster.url("hybrid_auth");
  // As users start it: `npm start` migrates and seeds the new database in the server's own process.
  server = await startOurServer({ DATABASE_URL: databaseUrl }, undefined, { npmStart: true });
});

test.afterAll(async () => {
  await server?.stop();
  cluster?.destroy();
});

/** The cookies that make a device signed in: they must come out of the outage unchanged. */
async function credentials(context: BrowserContext): Promise<Record<string, string>> {
  const cookies = await context.cookies();
  return Object.fromEntries(
    cookies.filter((c) => /session-token|edge-token/.test(c.name)).map((c) => [c.name, c.value]),
  );
}

async function count(sql: string, values: string[] = []): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return Number((await client.query(sql, values)).rows[0].n);
  } finally {
    await client.end();
  }
}

const sessionRows = () => count('SELECT count(*) AS n FROM "Session"');
const userCount = (email: string) => count('SELECT count(*) AS n FROM "User" WHERE email = $1', [email]);

test("an outage: public pages render, the rest answers 503 with Retry-After, nobody is signed out", async ({
  browser,
}) => {
  const user = newCredentials();
  const device = async (kind: keyof typeof USER_AGENTS, ip: string) => {
    const context = await browser.newContext({
      baseURL: server.origin,
      userAgent: USER_AGENTS[kind],
      extraHTTPHeaders: { "x-forwarded-for": ip },
    });
    return { context, page: await context.newPage() };
  };
  const a = await device("chromeMac", "198.18.20.1");
  const b = await device("firefoxWindows", "198.18.20.2");
  await a.page.goto("/signup");
  await a.page.getByLabel("Name").fill(user.name);
  await a.page.getByLabel("Email").fill(user.email);
  await a.page.getByLabel("Password").fill(user.password);
  await a.page.getByRole("button", { name: "Create account" }).click();
  await expect(a.page).toHaveURL(/\/dashboard$/);
  await b.page.goto("/login");
  await b.page.getByLabel("Email").fill(user.email);
  await b.page.getByLabel("Password").fill(user.password);
  await b.page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(b.page).toHaveURL(/\/dashboard$/);
  // Loaded while the database answers: its buttons are used during the outage.
  await b.page.goto("/devices");
  await expect(b.page.getByRole("button", { name: "Revoke Chrome on macOS" })).toBeVisible();
  expect((await a.context.request.get("/api/health/ready")).status()).toBe(200);
  const before = { a: await credentials(a.context), b: await credentials(b.context) };
  expect(Object.keys(before.a)).toHaveLength(2);
  expect(await sessionRows()).toBe(2);

  cluster.stop();

  // Public pages render, with the signed-out header (the session cannot be read).
  for (const url of ["/", "/login", "/signup"]) {
    const res = await a.page.goto(url);
    expect(res?.status(), url).toBe(200);
    await expect(
      a.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in", exact: true }),
    ).toBeVisible();
  }
  await expect(a.page.getByRole("button", { name: "Create account" })).toBeVisible();

  // Pages that need the database: 503, Retry-After, and words that say the user is still signed in.
  for (const url of ["/dashboard", "/devices"]) {
    const res = await a.page.goto(url);
    expect(res?.status(), url).toBe(503);
    expect(Number(res?.headers()["retry-after"]), url).toBeGreaterThan(0);
    await expect(a.page.getByRole("heading", { name: "The service is briefly unavailable" })).toBeVisible();
    await expect(a.page.getByText("You are still signed in")).toBeVisible();
    expect(a.page.url(), url).not.toContain("/login");
  }

  // API routes: JSON 503.
  const api = await a.context.request.get("/api/session");
  expect(api.status()).toBe(503);
  expect(api.headers()["retry-after"]).toBeTruthy();
  expect(await api.json()).toEqual({ error: expect.stringContaining("briefly unavailable") });

  // Health: not ready (the database), but alive.
  const ready = await a.context.request.get("/api/health/ready");
  expect(ready.status()).toBe(503);
  expect(ready.headers()["cache-control"]).toContain("no-store");
  const report = await ready.json();
  expect(report.checks.database).toMatchObject({ status: "fail", detail: "cannot reach the database" });
  expect(JSON.stringify(report)).not.toContain(String(cluster.port));
  expect((await a.context.request.get("/api/health/live")).status()).toBe(200);

  // Once the feed has been silent past its bound, the edge cannot vouch for tokens either.
  await expect
    .poll(
      async () =>
        (await (await a.context.request.get("/api/health/ready")).json()).checks.revocationFeed.status,
      {
        timeout: 20_000,
      },
    )
    .toBe("fail");
  const edge = await a.context.request.get("/api/session/edge");
  expect(edge.status()).toBe(503);
  expect(edge.headers()["retry-after"]).toBeTruthy();

  // Forms say so in words and write nothing. Signed out: the sign-in form.
  const c = await device("safariIphone", "198.18.20.3");
  await c.page.goto("/login");
  await c.page.getByLabel("Email").fill(user.email);
  await c.page.getByLabel("Password").fill(user.password);
  await c.page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(c.page.locator("form").getByRole("alert")).toHaveText(UNAVAILABLE_MESSAGES.signIn);
  await expect(c.page).toHaveURL(/\/login$/);
  const stranger = newCredentials();
  await c.page.goto("/signup");
  await c.page.getByLabel("Name").fill(stranger.name);
  await c.page.getByLabel("Email").fill(stranger.email);
  await c.page.getByLabel("Password").fill(stranger.password);
  await c.page.getByRole("button", { name: "Create account" }).click();
  await expect(c.page.locator("form").getByRole("alert")).toHaveText(UNAVAILABLE_MESSAGES.signUp);
  // Signed in: an action from a page loaded before the outage; no redirect to /login.
  await b.page.getByRole("button", { name: "Revoke Chrome on macOS" }).click();
  await expect(b.page.getByRole("alert").filter({ hasText: "still signed in" })).toBeVisible();
  await expect(b.page).toHaveURL(/\/devices$/);

  // Nothing cleared on either device.
  expect(await credentials(a.context)).toEqual(before.a);
  expect(await credentials(b.context)).toEqual(before.b);

  const restarted = Date.now();
  cluster.start();
  await expect
    .poll(async () => (await a.context.request.get("/api/health/ready")).status(), {
      timeout: 15_000,
      intervals: [100],
    })
    .toBe(200);
  const readyAfterMs = Date.now() - restarted;
  test.info().annotations.push({
    type: "readiness 200 after the database returned",
    description: `${readyAfterMs} ms`,
  });
  console.log(`readiness 200 ${readyAfterMs} ms after pg_ctl start returned`);

  // Both devices still signed in, on the first request, with the same session cookies; nothing half-written.
  for (const { page } of [a, b]) {
    const res = await page.goto("/dashboard");
    expect(res?.status()).toBe(200);
    await expect(page.getByText(`Signed in as ${user.email}`)).toBeVisible();
  }
  expect((await credentials(a.context))["authjs.session-token"]).toBe(before.a["authjs.session-token"]);
  expect((await credentials(b.context))["authjs.session-token"]).toBe(before.b["authjs.session-token"]);
  expect(await sessionRows()).toBe(2);
  expect(await userCount(stranger.email)).toBe(0);
  for (const d of [a, b, c]) await d.context.close();
});
