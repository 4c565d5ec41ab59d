// Issue 20, graceful shutdown: SIGTERM while a slow request is in flight (a
// sign-up hashing its password at bcrypt cost 15, seconds of CPU). Within
// SHUTDOWN_TIMEOUT_SECONDS it finishes; past it, it is cut off. Either way new
// connections are refused at once, the process exits 0, and the database holds
// whole rows only: an account with a whole session, or no session at all.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Browser, expect, type Page, type Response, test } from "@playwright/test";
import Database from "better-sqlite3";
import { hashSessionToken } from "@/lib/sessions/token";
import { type Credentials, newCredentials } from "./fixtures";
import { startOurServer } from "./own-server";

const root = path.resolve(import.meta.dirname, "..");

test.describe.configure({ timeout: 180_000 });

type Run = {
  user: Credentials;
  page: Page;
  /** The sign-up's response, or null when its connection was cut. */
  answered: Promise<Response | null>;
  exitCode: number | null;
  rows: () => { users: number; sessions: { sessionToken: string; deviceLabel: string | null }[] };
};

/** A fresh server and database; a sign-up that reaches the server; SIGTERM while it hashes. */
async function sigtermDuringSignUp(
  browser: Browser,
  shutdownTimeoutSeconds: number,
  body: (run: Run) => Promise<void>,
) {
  const dir = mkdtempSync(path.join(tmpdir(), "hybrid-auth-shutdown-"));
  const file = path.join(dir, "app.db");
  execFileSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `file:${file}` },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const server = await startOurServer({
    DATABASE_URL: `file:${file}`,
    BCRYPT_COST: "15",
    SHUTDOWN_TIMEOUT_SECONDS: String(shutdownTimeoutSeconds),
  });
  const liveUrl = `${server.origin}/api/health/live`;
  const context = await browser.newContext({ baseURL: server.origin });
  try {
    const user = newCredentials();
    const page = await context.newPage();
    await page.goto("/signup");
    await page.getByLabel("Name").fill(user.name);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    const isPost = (r: { method(): string }) => r.method() === "POST";
    const answered = Promise.race([
      page.waitForResponse((r) => isPost(r.request())),
      page.waitForEvent("requestfailed", isPost).then(() => null),
    ]);
    await page.getByRole("button", { name: "Create account" }).click();
    // The sign-up has reached the server (the liveness request counts itself too).
    await expect
      .poll(async () => (await (await fetch(liveUrl)).json()).requestsInFlight, { intervals: [20] })
      .toBeGreaterThanOrEqual(2);

    const signalled = Date.now();
    server.signal("SIGTERM");
    await expect
      .poll(() =>
        fetch(liveUrl).then(
          () => "answered",
          (err: Error & { cause?: { code?: string } }) => err.cause?.code ?? err.message,
        ),
      )
      .toBe("ECONNREFUSED");
    const exitCode = await server.exited;
    console.log(
      `SHUTDOWN_TIMEOUT_SECONDS=${shutdownTimeoutSeconds}: exited ${Date.now() - signalled} ms after SIGTERM`,
    );

    const rows = () => {
      const db = new Database(file, { readonly: true });
      try {
        const users = db.prepare(`SELECT id FROM "User" WHERE email = ?`).all(user.email) as { id: string }[];
        const sessions = db
          .prepare(
            `SELECT s."sessionToken", s."deviceLabel" FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE u.email = ?`,
          )
          .all(user.email) as { sessionToken: string; deviceLabel: string | null }[];
        return { users: users.length, sessions };
      } finally {
        db.close();
      }
    };
    await body({ user, page, answered, exitCode, rows });
  } finally {
    await context.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

test("SIGTERM during a slow sign-up: it finishes, new connections are refused, exit 0, one whole session", async ({
  browser,
}) => {
  // A bound far above the request's length: this test is about finishing, not about cutting off.
  await sigtermDuringSignUp(browser, 120, async ({ page, answered, exitCode, rows }) => {
    const response = await answered;
    expect(response?.status()).toBeLessThan(400);
    expect(exitCode).toBe(0);
    const cookie = (await page.context().cookies()).find((c) => c.name === "authjs.session-token")?.value;
    expect(cookie).toBeTruthy();
    const { users, sessions } = rows();
    expect(users).toBe(1);
    // One session, the one whose cookie the browser holds, with its device data.
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.sessionToken).toBe(hashSessionToken(cookie as string));
    expect(sessions[0]?.deviceLabel).toBeTruthy();
  });
});

test("past SHUTDOWN_TIMEOUT_SECONDS the request is cut off, the process still exits 0, and no row is half-made", async ({
  browser,
}) => {
  // 0: cut off at once, whatever the machine's speed (the hash takes seconds).
  await sigtermDuringSignUp(browser, 0, async ({ page, answered, exitCode, rows }) => {
    expect(await answered).toBeNull();
    expect(exitCode).toBe(0);
    expect((await page.context().cookies()).find((c) => c.name === "authjs.session-token")).toBeUndefined();
    // The work behind the cut connection may or may not have committed before the
    // pools closed; what is there is whole: at most one account with at most one complete session.
    const { users, sessions } = rows();
    expect(users).toBeLessThanOrEqual(1);
    expect(sessions.length).toBeLessThanOrEqual(users);
    for (const s of sessions) expect(s.deviceLabel).toBeTruthy();
  });
});
