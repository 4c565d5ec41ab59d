// `npm run dev`: Next's development server (Turbopack, fast refresh) inside our
// server, so it listens on HOSTNAME/PORT and records client IPs exactly as
// `npm start` does. Run `npm start` or `npm run db:migrate` once first so the
// database exists.
import path from "node:path";
import { publicOrigin } from "@/lib/mail/links";
import { MailModeError, mailMode, mailModeLine } from "@/lib/mail/mode";
import { ListenAddressError, listenAddress } from "@/lib/runtime/listen-address";
import { serve } from "@/lib/server/serve";

const root = path.resolve(import.meta.dirname, "..");
try {
  const at = await listenAddress();
  const mail = mailMode(at);
  console.log(`Development server on ${await serve({ dir: root, dev: true, at })}`);
  console.log(mailModeLine(mail, publicOrigin()));
} catch (err) {
  if (!(err instanceof ListenAddressError || err instanceof MailModeError)) throw err;
  console.error(`Cannot start: ${err.message}`);
  process.exit(1);
}
