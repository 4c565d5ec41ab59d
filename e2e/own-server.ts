// A short-lived `next start` of the shared build for one spec file, on a free
// loopback port and the e2e database, with an environment of the test's choosing
// (e.g. a revocation feed that is down). Cookies are per host, not per port: a
// device signed in on the main e2e server is signed in here too.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { get as httpsGet } from "node:https";
import path from "node:path";
import { expect } from "@playwright/test";
import { freePort } from "@/lib/testing/free-port";

const root = path.resolve(import.meta.dirname, "..");

/** The landing page's status, or 0 while nothing answers; `ca` trusts a self-signed certificate. */
function landingStatus(origin: string, ca?: Buffer): Promise<number> {
  if (!ca)
    return fetch(`${origin}/`).then(
      (r) => r.status,
      () => 0,
    );
  return new Promise((resolve) => {
    httpsGet(`${origin}/`, { ca }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).once("error", () => resolve(0));
  });
}

/** Waits until the server at `origin` answers its landing page. */
async function serving(origin: string, ca?: Buffer, timeout = 60_000): Promise<void> {
  await expect.poll(() => landingStatus(origin, ca), { timeout, intervals: [200] }).toBe(200);
}

export async function startOwnServer(env: NodeJS.ProcessEnv): Promise<{ origin: string; stop: () => void }> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(
    path.join(root, "node_modules/.bin/next"),
    ["start", "--port", String(port), "--hostname", "127.0.0.1"],
    { cwd: root, env, detached: true, stdio: "ignore" },
  );
  await serving(origin);
  return {
    origin,
    // next start leaves next-server behind if only it is killed: end the whole group.
    stop: () => {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
    },
  };
}

/**
 * Our server (lib/server, as `npm start` serves) on the shared build and the e2e
 * database, with extra settings (e.g. SMTP_URL): what mail needs, as plain
 * `next start` has no background drain and no address of its own for links.
 * With HTTPS_CERT and HTTPS_KEY it serves https, and `origin` says so.
 */
/**
 * Our server on the shared build. `npmStart` starts it the way the README tells
 * users (`npm start`: configuration checks, migration and seeding in the
 * server's own process), for a database nothing has prepared yet; otherwise
 * scripts/serve.ts serves a database that is ready.
 */
export async function startOurServer(
  env: Record<string, string>,
  port?: number,
  { npmStart = false } = {},
): Promise<{
  origin: string;
  port: number;
  stop: () => Promise<void>;
  /** Sends a signal, e.g. SIGTERM for a graceful shutdown; `exited` tells how it ended. */
  signal: (signal: NodeJS.Signals) => void;
  exited: Promise<number | null>;
}> {
  const chosen = port ?? (await freePort());
  const origin = `${env.HTTPS_CERT ? "https" : "http"}://127.0.0.1:${chosen}`;
  const [command, args] = npmStart
    ? ["npm", ["start"]]
    : [process.execPath, ["--import", "tsx", "scripts/serve.ts"]];
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, HOSTNAME: "127.0.0.1", PORT: String(chosen), ...env },
    // Read for the reason a server stops early: its log lines are on stdout.
    stdio: ["ignore", "pipe", "pipe"],
    // npm runs the server as its child: a group of their own lets a signal reach both.
    detached: npmStart,
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const signal = (name: NodeJS.Signals) => {
    if (child.exitCode !== null || !child.pid) return;
    if (npmStart) process.kill(-child.pid, name);
    else child.kill(name);
  };
  // A server that stops before it answers says why (e.g. "Cannot start: ..."), not a poll timeout.
  let output = "";
  const keepTail = (chunk: Buffer) => {
    output = (output + chunk).slice(-2000);
  };
  child.stdout?.on("data", keepTail);
  child.stderr?.on("data", keepTail);
  const died = exited.then((code) => {
    throw new Error(`the server exited (${code}) before it answered: ${output.trim()}`);
  });
  // `npm start` migrates and seeds first: on a loaded 2-core machine that takes a minute or more.
  const ca = env.HTTPS_CERT ? readFileSync(env.HTTPS_CERT) : undefined;
  died.catch(() => {}); // also once stop() ends it on purpose
  try {
    await Promise.race([serving(origin, ca, npmStart ? 300_000 : 60_000), died]);
  } catch (err) {
    // A server that never answered is the caller's no longer: it must not outlive the test run.
    signal("SIGKILL");
    throw err;
  }
  return {
    origin,
    port: chosen,
    stop: async () => {
      signal("SIGTERM");
      await exited;
    },
    signal,
    exited,
  };
}

/**
 * A SQLite database of its own, migrated: for a server whose outbox must not be
 * drained by the e2e server (which sends everything queued in its database).
 */
export function ownDatabase(): { url: string; file: string; remove: () => void } {
  const file = path.join(root, `data/e2e-own-${randomBytes(4).toString("hex")}.db`);
  const url = `file:${file}`;
  execFileSync(process.execPath, ["--import", "tsx", "scripts/db-prepare.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, HOSTNAME: "127.0.0.1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return {
    url,
    file,
    remove: () => {
      for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
    },
  };
}
