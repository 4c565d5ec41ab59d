// `npm start`: check the configuration, migrate and seed the database, build if
// there is no build yet, then serve on PORT (default 3000). Configuration errors
// stop it with one line that says what to set.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { ConfigError, config } from "@/lib/config/env";
import { ensureLocalSecret, LOCAL_SECRET_FILE } from "@/lib/config/local-secret";
import { DatabaseUrlError, databaseTarget } from "@/lib/db/url";
import { PrepareError, prepareDatabase } from "./db-prepare";

const root = path.resolve(import.meta.dirname, "..");
const nextBin = path.join(root, "node_modules/.bin/next");

function fail(message: string): never {
  console.error(`Cannot start: ${message}`);
  process.exit(1);
}

async function main() {
  if (!process.env.AUTH_SECRET) {
    if (process.env.NODE_ENV === "production") {
      fail("AUTH_SECRET is not set: set it to a random string of 32+ characters (openssl rand -base64 32)");
    }
    ensureLocalSecret(root);
    console.log(
      `AUTH_SECRET is not set: using a generated one kept in ${LOCAL_SECRET_FILE} (set AUTH_SECRET in production)`,
    );
  }
  try {
    config();
    databaseTarget(process.env.DATABASE_URL, root);
    await prepareDatabase();
  } catch (err) {
    if (err instanceof ConfigError || err instanceof DatabaseUrlError || err instanceof PrepareError)
      fail(err.message);
    throw err;
  }

  if (!existsSync(path.join(root, ".next/BUILD_ID"))) {
    console.log("No production build yet: running next build (about a minute)...");
    const build = spawnSync(nextBin, ["build"], { cwd: root, stdio: "inherit" });
    if (build.status !== 0) fail("next build failed (see above)");
  }

  const port = process.env.PORT ?? "3000";
  const server = spawn(nextBin, ["start", "--port", port], { cwd: root, stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  server.on("exit", (code) => process.exit(code ?? 0));
}

main();
