// Starts two app instances (ports 3201 and 3202) on the one PostgreSQL database
// in DATABASE_URL, each with `npm start` exactly as the README tells users: the
// first on an empty database (it migrates and seeds it), the second once the
// first answers (the database is then seeded already). Both send mail to one
// SMTP sink, spooled for the specs as for the e2e server. Used by
// playwright.two-instances.config.ts, whose global teardown drops the database.
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { E2E_MAIL_DIR } from "@/e2e/env";
import { logger } from "@/lib/log/logger";
import { startTestSmtpServer } from "@/lib/testing/smtp-server";

const root = path.resolve(import.meta.dirname, "..");

rmSync(E2E_MAIL_DIR, { recursive: true, force: true });
const smtp = await startTestSmtpServer({ spool: E2E_MAIL_DIR });
const servers: ChildProcess[] = [];

/** `npm start` in a process group of its own, so stopping it stops the server it runs too. */
function npmStart(port: string): ChildProcess {
  const child = spawn("npm", ["start"], {
    cwd: root,
    stdio: "inherit",
    detached: true,
    env: { ...process.env, HOSTNAME: "127.0.0.1", PORT: port, SMTP_URL: smtp.url },
  });
  child.once("exit", (code) => {
    if (!stopping) {
      logger().error(
        { event: "two_instances.server_exited", port, code },
        `npm start on port ${port} exited (${code}) before the tests ended`,
      );
      stop(1);
    }
  });
  servers.push(child);
  return child;
}

async function answers(port: string): Promise<void> {
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health/ready`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const s of servers) if (s.pid && s.exitCode === null) process.kill(-s.pid, "SIGTERM");
  Promise.all(servers.map((s) => (s.exitCode === null ? new Promise((r) => s.once("exit", r)) : null)))
    .then(() => smtp.stop())
    .finally(() => process.exit(code));
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stop());

npmStart("3201");
await answers("3201");
npmStart("3202");
