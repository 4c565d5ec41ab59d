// `npm start`: check the configuration, migrate and seed the database, build if
// there is no build yet, then serve with our server (lib/server) on HOSTNAME
// (default 127.0.0.1, loopback only) and PORT (default 3000). Configuration
// errors stop it with one line that says what to set.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { signInProviders } from "@/lib/auth/providers";
import { ConfigError, config } from "@/lib/config/env";
import { ensureLocalSecret, LOCAL_SECRET_FILE } from "@/lib/config/local-secret";
import { DatabaseUrlError, databaseTarget } from "@/lib/db/url";
import { logger } from "@/lib/log/logger";
import { publicOrigin } from "@/lib/mail/links";
import { MailModeError, mailMode, mailModeLine } from "@/lib/mail/mode";
import { ListenAddressError, listenAddress } from "@/lib/runtime/listen-address";
import { serve } from "@/lib/server/serve";
import { TlsFilesError, tlsFiles } from "@/lib/server/tls-files";
import { TracingConfigError, tracingSettings } from "@/lib/telemetry/settings";
import { tracingWanted } from "@/lib/telemetry/wanted";
import { PrepareError, prepareDatabase } from "./db-prepare";

const root = path.resolve(import.meta.dirname, "..");
const nextBin = path.join(root, "node_modules/.bin/next");

function fail(message: string): never {
  logger().fatal({ event: "server.refused_to_start" }, `Cannot start: ${message}`);
  process.exit(1);
}

const ONE_LINE_ERRORS = [
  ConfigError,
  DatabaseUrlError,
  PrepareError,
  ListenAddressError,
  MailModeError,
  TlsFilesError,
  TracingConfigError,
];

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
    config();
    // A half-configured provider is named now, not on the first request.
    signInProviders();
    databaseTarget(process.env.DATABASE_URL, root);
    tlsFiles();
    if (tracingWanted()) tracingSettings();
    const at = await listenAddress();
    // Before anything is migrated or built: production without a way to send mail is refused here.
    const mail = mailMode(at);
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
    if (ONE_LINE_ERRORS.some((E) => err instanceof E)) fail((err as Error).message);
    const code = (err as { code?: string }).code;
    if (code === "EADDRINUSE") fail(`port ${process.env.PORT ?? 3000} is in use: set PORT`);
    if (code === "EADDRNOTAVAIL") fail(`HOSTNAME ${process.env.HOSTNAME} is not an address of this machine`);
    throw err;
  }
}

main();
