// The server Playwright starts: a fresh SQLite database (migrated and seeded
// with the demo accounts), a real SMTP server on a free loopback port that the
// app sends all mail to (each message also spooled to E2E_MAIL_DIR for the test
// workers), then our server on 127.0.0.1:E2E_PORT. Builds first if there is no build.
// Everything it writes (its log lines, and whatever Next prints to the console)
// also goes to E2E_SERVER_LOG, where the run's end looks for secrets.
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { E2E_DATABASE_FILE, E2E_ENV, E2E_MAIL_DIR, E2E_SERVER_LOG } from "@/e2e/env";
import { logAlsoToFile, logger } from "@/lib/log/logger";
import { startTestSmtpServer } from "@/lib/testing/smtp-server";

const root = path.resolve(import.meta.dirname, "..");
mkdirSync(path.dirname(E2E_SERVER_LOG), { recursive: true });
writeFileSync(E2E_SERVER_LOG, "");
logAlsoToFile(E2E_SERVER_LOG);
// Next's own output does not go through our logger: copy it into the same file
// (appended, like the logger's lines, so neither writes over the other).
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (chunk: string | Uint8Array, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    appendFileSync(E2E_SERVER_LOG, chunk);
    return write(chunk, ...rest);
  }) as typeof stream.write;
}
for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(E2E_DATABASE_FILE + suffix, { force: true });
Object.assign(process.env, E2E_ENV);
rmSync(E2E_MAIL_DIR, { recursive: true, force: true });
const smtp = await startTestSmtpServer({ spool: E2E_MAIL_DIR });
process.env.SMTP_URL = smtp.url;
// Servers a spec starts on the same database send to the same sink (e2e/mail-sink.ts).
writeFileSync(`${E2E_MAIL_DIR}/smtp-url`, smtp.url);

const { prepareDatabase } = await import("./db-prepare");
await prepareDatabase({ seed: { demo: true } });

if (!existsSync(path.join(root, ".next/BUILD_ID"))) {
  spawnSync(path.join(root, "node_modules/.bin/next"), ["build"], { cwd: root, stdio: "inherit" });
}
const { serve } = await import("@/lib/server/serve");
const port = Number(process.env.E2E_PORT ?? 3100);
const url = await serve({ dir: root, dev: false, at: { address: "127.0.0.1", port, loopbackOnly: true } });
logger().info({ event: "server.listening", url }, `e2e server on ${url}`);
