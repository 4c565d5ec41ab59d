// `npm run dev`: Next's development server (Turbopack, fast refresh) inside our
// server, so it listens on HOSTNAME/PORT and records client IPs exactly as
// `npm start` does, after the same configuration checks. Run `npm start` or
// `npm run db:migrate` once first so the database exists.
import path from "node:path";
import { ensureLocalSecret } from "@/lib/config/local-secret";
import { logger } from "@/lib/log/logger";
import { publicOrigin } from "@/lib/mail/links";
import { mailModeLine } from "@/lib/mail/mode";
import { checkConfiguration, isConfigurationError } from "@/lib/server/preflight";
import { serve } from "@/lib/server/serve";

const root = path.resolve(import.meta.dirname, "..");
try {
  // What next.config.ts would do, before the checks read AUTH_SECRET.
  if (process.env.NODE_ENV !== "production") ensureLocalSecret(root);
  const { at, mail } = await checkConfiguration(root);
  const url = await serve({ dir: root, dev: true, at });
  logger().info({ event: "server.listening", url, dev: true }, `Development server on ${url}`);
  logger().info({ event: "mail.mode", mode: mail }, mailModeLine(mail, publicOrigin()));
} catch (err) {
  if (!isConfigurationError(err)) throw err;
  logger().fatal({ event: "server.refused_to_start" }, `Cannot start: ${err.message}`);
  process.exit(1);
}
