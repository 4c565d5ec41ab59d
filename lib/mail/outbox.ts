// Writing mail: always into the outbox table, inside the caller's transaction,
// so a message exists exactly when the change that caused it committed. Sending
// happens later (lib/mail/drain.ts); under the dev mailbox it never does.
// Bodies are stored sealed (lib/mail/sealed.ts): they carry working links.
import type { DbTx } from "@/lib/db/client";
import { countMailQueued } from "@/lib/metrics/events";
import { runningMailMode } from "./mode";
import { sealBody } from "./sealed";

export type OutgoingMail = { kind: string; to: string; subject: string; text: string; html: string };

export type MailStatus = "queued" | "sending" | "sent" | "failed" | "mailbox";

export async function enqueueMail(tx: DbTx, mail: OutgoingMail): Promise<void> {
  const status: MailStatus = runningMailMode() === "dev-mailbox" ? "mailbox" : "queued";
  const [text, html] = await Promise.all([sealBody(mail.text), sealBody(mail.html)]);
  await tx.mailMessage.create({ data: { ...mail, text, html, status } });
  countMailQueued(mail.kind);
}
