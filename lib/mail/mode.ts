// Which way mail goes. Decided once by our server before Next loads, like the
// seed mode: from the NODE_ENV the operator gave (serving sets it to production)
// and the address it listens on. The app reads the answer from a variable that
// our server always overwrites, so a value brought along in the environment
// never opens the dev mailbox.
import type { ListenAddress } from "@/lib/runtime/listen-address";

export type MailMode = "smtp" | "dev-mailbox";

export class MailModeError extends Error {}

export const MAIL_MODE_VAR = "__HYBRID_AUTH_MAIL_MODE";

const SMTP_EXAMPLE = "SMTP_URL=smtp://user:password@mail.example.com:587";

export function mailMode(
  at: Pick<ListenAddress, "address" | "loopbackOnly">,
  env: Record<string, string | undefined> = process.env,
): MailMode {
  if (env.SMTP_URL) return "smtp";
  if (env.NODE_ENV === "production")
    throw new MailModeError(
      `SMTP_URL is not set: with NODE_ENV=production mail needs an SMTP server (${SMTP_EXAMPLE})`,
    );
  if (!at.loopbackOnly)
    throw new MailModeError(
      `SMTP_URL is not set: the dev mailbox is for loopback only and the server listens on ${at.address} (${SMTP_EXAMPLE})`,
    );
  return "dev-mailbox";
}

/**
 * The mode our server chose for this process. Without our server (plain `next
 * start`, tests): SMTP when SMTP_URL is set, else none (mail stays queued).
 */
export function runningMailMode(env: Record<string, string | undefined> = process.env): MailMode | null {
  const chosen = env[MAIL_MODE_VAR];
  if (chosen === "smtp" || chosen === "dev-mailbox") return chosen;
  return env.SMTP_URL ? "smtp" : null;
}

/** The one line `npm start` prints about mail; never the SMTP credentials. */
export function mailModeLine(
  mode: MailMode,
  origin: string,
  env: Record<string, string | undefined> = process.env,
): string {
  if (mode === "dev-mailbox")
    return `Mail: no SMTP_URL, so messages stay in the dev mailbox at ${origin}/dev/mailbox (this machine only)`;
  const smtp = new URL(env.SMTP_URL ?? "");
  return `Mail: sent through ${smtp.protocol}//${smtp.host}, links point at ${origin}${env.AUTH_URL ? "" : " (set AUTH_URL to your public URL)"}`;
}
