// Starts two app instances (ports 3201 and 3202, each its own process) on the
// one PostgreSQL database in DATABASE_URL, after creating and migrating it, and
// one SMTP server both send to (spooled for the specs, as for the e2e server).
// Used by playwright.two-instances.config.ts (whose global teardown drops the
// database); needs a production build.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { E2E_MAIL_DIR } from "@/e2e/env";
import { startTestSmtpServer } from "@/lib/testing/smtp-server";
import { prepareDatabase } from "./db-prepare";

const root = path.resolve(import.meta.dirname, "..");

await prepareDatabase({ seed: { demo: true } });
rmSync(E2E_MAIL_DIR, { recursive: true, force: true });
const smtp = await startTestSmtpServer({ spool: E2E_MAIL_DIR });
const servers = ["3201", "3202"].map((port) =>
  spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, HOSTNAME: "127.0.0.1", PORT: port, SMTP_URL: smtp.url },
  }),
);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    for (const s of servers) s.kill(signal);
    Promise.all(servers.map((s) => new Promise((r) => s.once("exit", r)))).then(() => process.exit(0));
  });
}
