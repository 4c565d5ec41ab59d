// Issue 20, graceful shutdown: SIGTERM while a slow request is in flight (a
// sign-up hashing its password at bcrypt cost 15, seconds of CPU) lets it
// finish, refuses new connections meanwhile, exits 0, and leaves either a whole
// account with a whole session (whose cookie the browser got) or nothing.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { hashSessionToken } from "@/lib/sessions/token";
import { newCredentials } from "./fixtures";
import { startOurServer } from "./own-server";

const root = path.resolve(import.meta.dirname, "..");

test.describe.configure({ timeout: 180_000 });

test("SIGTERM during a slow sign-up: it finishes, new connections are refused, exit 0, no half-made rows", async ({
  browser,
}) => {
  const dir = mkdtempSync(path.join(tmpdir(), "hybrid-auth-shutdown-"));
  const file = path.join(dir, "app.db");
  execFileSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `file:${file}` },
    stdio: ["ignore", "ignore", "inherit"],
  });
  // A bound far above the request's length: this test is about finishing, not about cutting off.
  const server = await startOurServer({
    DATABASE_URL: `file:${file}`,
    BCRYPT_COST: "15",
    SHUTDOWN_TIMEOUT_SECONDS: "120",
  });
  const live = async () => (await fetch(`${server.origin}/api/health/live`)).json();
  try {
    const user = newCredentials();
    const context = await browser.newContext({ baseURL: server.origin });
    const page = await context.newPage();
    await page.goto("/signup");
    await page.getByLabel("Name").fill(user.name);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    const answered = page.waitForResponse((r) => r.request().method() === "POST");
    await page.getByRole("button", { name: "Create account" }).click();
    // The sign-up has reached the server (the liveness request counts itself too).
    await expect
      .poll(async () => (await live()).requestsInFlight, { intervals: [20] })
      .toBeGreaterThanOrEqual(2);

    server.signal("SIGTERM");
    await expect
      .poll(() =>
        fetch(`${server.origin}/api/health/live`).then(
          () => "answered",
          (err: Error & { cause?: { code?: string } }) => err.cause?.code ?? err.message,
        ),
      )
      .toBe("ECONNREFUSED");

    const response = await answered;
    expect(response.status()).toBeLessThan(400);
    expect(await server.exited).toBe(0);

    const cookie = (await context.cookies()).find((c) => c.name === "authjs.session-token")?.value;
    expect(cookie).toBeTruthy();
    const db = new Database(file, { readonly: true });
    try {
      const users = db.prepare(`SELECT id FROM "User" WHERE email = ?`).all(user.email) as { id: string }[];
      expect(users).toHaveLength(1);
      const sessions = db
        .prepare(`SELECT "sessionToken", "deviceLabel", "expires" FROM "Session" WHERE "userId" = ?`)
        .all(users[0]?.id) as { sessionToken: string; deviceLabel: string | null; expires: string }[];
      // One session, the one whose cookie the browser holds, with its device data.
      expect(sessions).toHaveLength(1);
      expect(sessions[0]?.sessionToken).toBe(hashSessionToken(cookie as string));
      expect(sessions[0]?.deviceLabel).toBeTruthy();
    } finally {
      db.close();
    }
    await context.close();
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
