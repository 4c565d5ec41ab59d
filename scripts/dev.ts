// `npm run dev`: Next's development server (Turbopack, fast refresh) inside our
// server, so it listens on HOSTNAME/PORT and records client IPs exactly as
// `npm start` does. Run `npm start` or `npm run db:migrate` once first so the
// database exists.
import path from "node:path";
import { logger } from "@/lib/log/logger";
import { publicOrigin } from "@/lib/mail/links";
import { MailModeError, mailMode, mailModeLine } from "@/lib/mail/mode";
import { ListenAddressError, listenAddress } from "@/lib/runtime/listen-address";
import { serve } from "@/lib/server/serve";

const root = path.resolve(import.meta.dirname, "..");
try {
  const at = await listenAddress();
  const mail = mailMode(at);
  const url = await serve({ dir: root, dev: true, at });
  logger().info({ event: "server.listening", url, dev: true }, `Development server on ${url}`);
  logger().info({ event: "mail.mode", mode: mail }, mailModeLine(mail, publicOrigin()));
} catch (err) {
  if (!(err instanceof ListenAddressError || err instanceof MailModeError)) throw err;
  logger().fatal({ event: "server.refused_to_start" }, `Cannot start: ${err.message}`);
  process.exit(1);
}
