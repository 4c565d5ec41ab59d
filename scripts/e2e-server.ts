// The server Playwright starts: a fresh SQLite database (migrated and seeded),
// then `next start` on E2E_PORT. Builds first if there is no build.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { E2E_DATABASE_FILE, E2E_ENV } from "@/e2e/env";

const root = path.resolve(import.meta.dirname, "..");
for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(E2E_DATABASE_FILE + suffix, { force: true });
Object.assign(process.env, E2E_ENV);

const { prepareDatabase } = await import("./db-prepare");
await prepareDatabase();

const nextBin = path.join(root, "node_modules/.bin/next");
if (!existsSync(path.join(root, ".next/BUILD_ID"))) {
  spawnSync(nextBin, ["build"], { cwd: root, stdio: "inherit" });
}
const server = spawn(
  nextBin,
  ["start", "--port", process.env.E2E_PORT ?? "3100", "--hostname", "127.0.0.1"],
  {
    cwd: root,
    stdio: "inherit",
  },
);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
