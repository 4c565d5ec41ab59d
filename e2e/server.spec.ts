// `npm start` end to end, each test on its own server and fresh SQLite file (the
// shared .next build, PORT=0): where it listens, which accounts it seeds, the
// client IP the app records without a proxy, and the sign-in door in front of
// Next. The environment is built from scratch: no TRUSTED_IP_HEADER here.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Browser, expect, test } from "@playwright/test";

const root = path.resolve(import.meta.dirname, "..");

type Server = { url: string; port: string; output: string[]; stop: () => Promise<number | null> };

/** A line of output as a log line (lib/log), or null for a plain one (the seed's announcement). */
function logLine(line: string): { event?: string; msg?: string; url?: string } | null {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}

/** What each line says to a person: a log line's message, or the plain line. */
function said(output: string[]): string[] {
  return output.map((line) => logLine(line)?.msg ?? line);
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const dir = mkdtempSync(path.join(tmpdir(), "hybrid-auth-start-"));
  const { PATH = "", HOME = "" } = process.env;
  const base: Record<string, string> = {
    PATH,
    HOME,
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: `file:${path.join(dir, "app.db")}`,
    AUTH_SECRET: "start-test-secret-0123456789abcdef0123456789",
    BCRYPT_COST: "10",
    PORT: "0",
  };
  // As `npm start` runs it: one process, so SIGTERM reaches our server itself.
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: root,
    // Only what is named here: NODE_ENV stays unset unless a test sets it.
    env: { ...base, ...env } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const url = await new Promise<string>((resolve, reject) => {
    // Whole lines only: a log line split between two chunks must not be read as two.
    const lines = () => {
      let partial = "";
      return (chunk: Buffer) => {
        const parts = (partial + chunk.toString()).split("\n");
        partial = parts.pop() ?? "";
        output.push(...parts.filter(Boolean));
        const url = output.map(logLine).find((line) => line?.event === "server.listening")?.url;
        if (url) resolve(url);
      };
    };
    child.stdout?.on("data", lines());
    child.stderr?.on("data", lines());
    exited.then((code) => reject(new Error(`server exited (${code}): ${output.join("\n")}`)));
  });
  return {
    url,
    port: new URL(url).port,
    output,
    stop: async () => {
      child.kill("SIGTERM");
      const code = await exited;
      rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}

/** Runs `body` against a fresh server, then stops it: SIGTERM must end it cleanly (exit 0). */
async function withServer(
  env: Record<string, string>,
  body: (server: Server) => Promise<void>,
): Promise<void> {
  const server = await startServer(env);
  let exitCode: number | null;
  try {
    await body(server);
  } finally {
    exitCode = await server.stop();
  }
  expect(exitCode).toBe(0);
}

/** Whether anything answers HTTP at this address and port. */
async function answers(host: string, port: string): Promise<boolean> {
  return fetch(`http://${host}:${port}/`).then(
    () => true,
    () => false,
  );
}

async function signIn(browser: Browser, url: string, email: string, password: string, headers = {}) {
  const context = await browser.newContext({ baseURL: url, extraHTTPHeaders: headers });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  return page;
}

test.describe.configure({ timeout: 240_000 });

test("by default: loopback only, demo accounts, and the app records the TCP peer whatever headers claim", async ({
  browser,
}) => {
  await withServer({}, async (server) => {
    expect(await answers("127.0.0.2", server.port)).toBe(false);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(said(server.output)).toContain(
      "seed: demo accounts, as the server listens on loopback only: admin@example.com / admin-demo-password (admin), " +
        "alice@example.com / user-demo-password, bob@example.com / user-demo-password",
    );
    // Printed right after the address the output was read up to.
    await expect
      .poll(() => said(server.output))
      .toContain(
        `Mail: no SMTP_URL, so messages stay in the dev mailbox at ${server.url}/dev/mailbox (this machine only)`,
      );

    const page = await signIn(browser, server.url, "admin@example.com", "admin-demo-password", {
      "x-forwarded-for": "203.0.113.9",
      "x-real-ip": "203.0.113.8",
      "x-peer-address-0123456789abcdef0123456789abcdef": "203.0.113.7",
    });
    await page.goto("/devices");
    await expect(page.getByRole("listitem").filter({ hasText: "This device" })).toContainText(
      "IP 127.0.0.1 ·",
    );
    await page.goto("/admin/audit?action=session.created");
    await expect(page.getByRole("row").nth(1)).toContainText("127.0.0.1");
    await expect(page.getByText(/203\.0\.113\./)).toHaveCount(0);
  });
});

test("HOSTNAME=127.0.0.2 with NODE_ENV=production: serves there only, admin with a one-time random password", async ({
  browser,
}) => {
  // Production needs a way to send mail; nothing is sent here.
  const smtp = { SMTP_URL: "smtp://127.0.0.1:9" };
  await withServer({ HOSTNAME: "127.0.0.2", NODE_ENV: "production", ...smtp }, async (server) => {
    expect(await answers("127.0.0.1", server.port)).toBe(false);
    expect(server.url).toBe(`http://127.0.0.2:${server.port}`);
    const seeded = server.output.join("\n");
    const password = seeded.match(/seed: created admin@example\.com with the random password (\S+) /)?.[1];
    expect(seeded).toContain("; no demo accounts (NODE_ENV=production)");
    expect(password).toBeDefined();
    await signIn(browser, server.url, "admin@example.com", password ?? "");
  });
});

test("while hashing is saturated, a plain (no-JavaScript) sign-in post gets 503 and a small page", async ({
  browser,
}) => {
  // One slow hashing thread with a queue of one: two sign-ins fill it. Cost 15 (the
  // highest allowed) keeps it full about 2.6 s on an idle 2-core machine; at cost 14
  // the third post once arrived after the first hash had finished (ci14).
  await withServer(
    {
      PASSWORD_HASH_THREADS: "1",
      PASSWORD_HASH_QUEUE: "1",
      BCRYPT_COST: "15",
    },
    async (server) => {
      const pages = await Promise.all(
        [0, 1, 2].map(async () => {
          const context = await browser.newContext({ baseURL: server.url, javaScriptEnabled: false });
          return context.newPage();
        }),
      );
      const fill = async (page: (typeof pages)[number], i: number) => {
        await page.goto("/login");
        await page.getByLabel("Email").fill(`nobody-${i}-${Date.now()}@example.com`);
        await page.getByLabel("Password").fill("not-the-password");
      };
      const [a, b, c] = pages as [(typeof pages)[number], (typeof pages)[number], (typeof pages)[number]];
      await fill(a, 1);
      await fill(b, 2);
      const busy = [a, b].map((p) => p.getByRole("button", { name: "Sign in", exact: true }).click());
      await expect(async () => {
        await fill(c, 3);
        const answer = c.waitForResponse((r) => r.request().method() === "POST");
        await c.getByRole("button", { name: "Sign in", exact: true }).click();
        const res = await answer;
        expect(res.status()).toBe(503);
        expect(res.headers()["retry-after"]).toBe("5");
      }).toPass({ timeout: 20_000 });
      await expect(c.getByRole("heading")).toHaveText("Too many sign-ins right now. Try again in a moment.");
      await Promise.all(busy);
    },
  );
});
