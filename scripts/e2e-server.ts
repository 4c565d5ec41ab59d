// The server Playwright starts: a fresh SQLite database (migrated and seeded
// with the demo accounts), then our server on 127.0.0.1:E2E_PORT. Builds first
// if there is no build.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { E2E_DATABASE_FILE, E2E_ENV } from "@/e2e/env";

const root = path.resolve(import.meta.dirname, "..");
for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(E2E_DATABASE_FILE + suffix, { force: true });
Object.assign(process.env, E2E_ENV);

const { prepareDatabase } = await import("./db-prepare");
await prepareDatabase({ seed: { demo: true } });

if (!existsSync(path.join(root, ".next/BUILD_ID"))) {
  spawnSync(path.join(root, "node_modules/.bin/next"), ["build"], { cwd: root, stdio: "inherit" });
}
const { serve } = await import("@/lib/server/serve");
const port = Number(process.env.E2E_PORT ?? 3100);
console.log(
  `e2e server on ${await serve({ dir: root, dev: false, at: { address: "127.0.0.1", port, loopbackOnly: true } })}`,
);
