// `npm start`: check the configuration, migrate and seed the database, build if
// there is no build yet, then serve with our server (lib/server) on HOSTNAME
// (default 127.0.0.1, loopback only) and PORT (default 3000). Configuration
// errors stop it with one line that says what to set.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { ensureLocalSecret, LOCAL_SECRET_FILE } from "@/lib/config/local-secret";
import { logger } from "@/lib/log/logger";
import { publicOrigin } from "@/lib/mail/links";
import { mailModeLine } from "@/lib/mail/mode";
import { checkConfiguration, isConfigurationError } from "@/lib/server/preflight";
import { serve } from "@/lib/server/serve";
import { PrepareError, prepareDatabase } from "./db-prepare";

const root = path.resolve(import.meta.dirname, "..");
const nextBin = path.join(root, "node_modules/.bin/next");

function fail(message: string): never {
  logger().fatal({ event: "server.refused_to_start" }, `Cannot start: ${message}`);
  process.exit(1);
}

async function main() {
  if (!process.env.AUTH_SECRET) {
    if (process.env.NODE_ENV === "production") {
      fail("AUTH_SECRET is not set: set it to a random string of 32+ characters (openssl rand -base64 32)");
    }
    ensureLocalSecret(root);
    logger().warn(
      { event: "config.local_secret", file: LOCAL_SECRET_FILE },
      `AUTH_SECRET is not set: using a generated one kept in ${LOCAL_SECRET_FILE} (set AUTH_SECRET in production)`,
    );
  }
  try {
    // Before anything is migrated or built.
    const { at, mail } = await checkConfiguration(root);
    // Loads the database client, which needs the DATABASE_URL checked above.
    const { seedMode } = await import("@/prisma/seed");
    // Decided before serving, from the NODE_ENV the operator gave (serving sets it to production).
    await prepareDatabase({ seed: seedMode(at) });

    if (!existsSync(path.join(root, ".next/BUILD_ID"))) {
      logger().info(
        { event: "build.started" },
        "No production build yet: running next build (about a minute)...",
      );
      const build = spawnSync(nextBin, ["build"], { cwd: root, stdio: "inherit" });
      if (build.status !== 0) fail("next build failed (see above)");
    }

    const url = await serve({ dir: root, dev: false, at });
    logger().info(
      { event: "server.listening", url, loopbackOnly: at.loopbackOnly },
      `Listening on ${url}${at.loopbackOnly ? " (this machine only; HOSTNAME=0.0.0.0 with SMTP_URL serves the network)" : ""}`,
    );
    logger().info({ event: "mail.mode", mode: mail }, mailModeLine(mail, publicOrigin()));
  } catch (err) {
    if (isConfigurationError(err) || err instanceof PrepareError) fail(err.message);
    const code = (err as { code?: string }).code;
    if (code === "EADDRINUSE") fail(`port ${process.env.PORT ?? 3000} is in use: set PORT`);
    if (code === "EADDRNOTAVAIL") fail(`HOSTNAME ${process.env.HOSTNAME} is not an address of this machine`);
    throw err;
  }
}

main();
