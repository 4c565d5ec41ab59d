// Three app instances (ports 3201-3203) on the one PostgreSQL database in
// DATABASE_URL, behind HAProxy from the system packages (port 3210, round-robin,
// no stickiness): what a scaled-out deployment looks like. Each instance runs
// scripts/start.ts, what `npm start` runs, as the README tells users: the first on
// an empty database (it migrates and seeds it), the others once it answers. All
// send mail to one SMTP sink, spooled for the specs as for the e2e server.
//
// It supervises the instances as systemd or an orchestrator would: one that exits
// (a spec kills it) is started again, with scripts/serve.ts (the database is
// prepared already). The process ids are kept in BALANCED_STATE for the specs
// that signal them (e2e/balanced/instances.ts). Used by
// playwright.balanced.config.ts; drops the database when it stops.
import { type ChildProcess, spawn } from "node:child_process";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BALANCER_PORT, balancerConfig, INSTANCE_PORTS } from "@/e2e/balanced/haproxy";
import { E2E_MAIL_DIR } from "@/e2e/env";
import { logger } from "@/lib/log/logger";
import { startTestSmtpServer } from "@/lib/testing/smtp-server";
import { dropDatabase } from "@/lib/testing/throwaway-database";

const root = path.resolve(import.meta.dirname, "..");
const stateFile = process.env.BALANCED_STATE;
if (!stateFile) throw new Error("BALANCED_STATE must name the file that keeps the instances' process ids");

rmSync(E2E_MAIL_DIR, { recursive: true, force: true });
const smtp = await startTestSmtpServer({ spool: E2E_MAIL_DIR });
const instances = new Map<number, ChildProcess>();
let haproxy: ChildProcess | undefined;
let restarts = 0;
const configFile = `${stateFile}.haproxy.cfg`;
/** More restarts than the specs cause means an instance that cannot stay up. */
const MAX_RESTARTS = 10;

/** How each instance that exited ended, by its process id. */
const exits: Record<number, { code: number | null; signal: string | null }> = {};

function saveState() {
  const pids = Object.fromEntries([...instances].map(([port, child]) => [port, child.pid]));
  // Written aside and renamed: the specs read this file while instances restart, and a reader
  // must never see it half written.
  const partial = `${stateFile}.partial`;
  writeFileSync(partial, JSON.stringify({ pids, exits }));
  renameSync(partial, stateFile as string);
}

/** One instance in a process group of its own, so a signal to the group reaches all it runs. */
function startInstance(port: number, script: "start" | "serve"): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", `scripts/${script}.ts`], {
    cwd: root,
    stdio: "inherit",
    detached: true,
    env: { ...process.env, HOSTNAME: "127.0.0.1", PORT: String(port), SMTP_URL: smtp.url },
  });
  child.once("exit", (code, signal) => {
    if (stopping || instances.get(port) !== child) return;
    if (child.pid) exits[child.pid] = { code, signal };
    logger().info(
      { event: "balanced.instance_exited", port, code, signal },
      `instance on port ${port} exited (${code ?? signal}): starting it again`,
    );
    if (++restarts > MAX_RESTARTS) return stop(1);
    startInstance(port, "serve");
  });
  instances.set(port, child);
  saveState();
  return child;
}

async function answers(url: string): Promise<void> {
  for (;;) {
    try {
      // Bounded: a request that hangs must not hold the whole start-up; asking again costs nothing.
      if ((await fetch(url, { signal: AbortSignal.timeout(5000) })).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  haproxy?.kill("SIGTERM");
  for (const s of instances.values()) if (s.pid && s.exitCode === null) process.kill(-s.pid, "SIGTERM");
  Promise.all(
    [...instances.values()].map((s) => (s.exitCode === null ? new Promise((r) => s.once("exit", r)) : null)),
  )
    .then(() => smtp.stop())
    // Here, not in a global teardown: Playwright runs that before it stops this
    // launcher, and instances still draining would lose their database under them.
    .then(() => {
      const url = process.env.DATABASE_URL ?? "";
      if (new URL(url).pathname.startsWith("/hybrid_auth_e2e_")) return dropDatabase(url);
    })
    .then(() => {
      for (const file of [stateFile as string, `${stateFile}.partial`, configFile])
        rmSync(file, { force: true });
    })
    .catch((err: unknown) =>
      logger().error({ event: "balanced.cleanup_failed", err }, "could not drop the test database"),
    )
    .finally(() => process.exit(code));
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stop());

const [first, second, third] = INSTANCE_PORTS;
startInstance(first, "start");
await answers(`http://127.0.0.1:${first}/api/health/ready`);
// The second as the first (`npm start` on a database prepared already), the third as a
// deployment that migrates once and then only serves.
startInstance(second, "start");
startInstance(third, "serve");
await Promise.all([second, third].map((port) => answers(`http://127.0.0.1:${port}/api/health/ready`)));

writeFileSync(configFile, balancerConfig());
// -db: in the foreground, logging to stderr; no daemon to clean up after.
haproxy = spawn("haproxy", ["-db", "-f", configFile], { stdio: "inherit" });
haproxy.once("exit", (code) => {
  if (stopping) return;
  logger().error({ event: "balanced.haproxy_exited", code }, `haproxy exited (${code})`);
  stop(1);
});
await answers(`http://127.0.0.1:${BALANCER_PORT}/api/health/ready`);
logger().info({ event: "balanced.ready" }, `HAProxy on port ${BALANCER_PORT} in front of ${INSTANCE_PORTS}`);
