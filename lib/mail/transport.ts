// The SMTP client (nodemailer), built from SMTP_URL: smtp:// (STARTTLS when the
// server offers it) or smtps:// (TLS from the start), credentials in the URL.
import nodemailer from "nodemailer";

export type MailTransport = ReturnType<typeof nodemailer.createTransport>;

// Short enough that a send always ends well within a claim's lease (lib/mail/drain.ts).
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

export function createMailTransport(smtpUrl: string): MailTransport {
  return nodemailer.createTransport({ url: smtpUrl, ...TIMEOUTS });
}

/** What a failure may say in the outbox and the log: the client's code and the server's reply, never credentials. */
export function failureSummary(err: unknown, smtpUrl?: string): string {
  const e = (err ?? {}) as { code?: unknown; responseCode?: unknown; message?: unknown };
  const code = typeof e.code === "string" ? e.code : "ERROR";
  const message = typeof e.message === "string" ? (e.message.split("\n")[0] ?? "") : "";
  let summary = `${code}${typeof e.responseCode === "number" ? ` ${e.responseCode}` : ""}: ${message}`.slice(
    0,
    300,
  );
  if (smtpUrl) {
    const { password } = new URL(smtpUrl);
    for (const secret of [password, decodeURIComponent(password)])
      if (secret) summary = summary.replaceAll(secret, "***");
  }
  return summary;
}
