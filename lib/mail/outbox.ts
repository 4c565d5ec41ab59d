// Writing mail: always into the outbox table, inside the caller's transaction,
// so a message exists exactly when the change that caused it committed. Sending
// happens later (lib/mail/drain.ts); under the dev mailbox it never does.
import type { DbTx } from "@/lib/db/client";
import { runningMailMode } from "./mode";

export type OutgoingMail = { kind: string; to: string; subject: string; text: string; html: string };

export type MailStatus = "queued" | "sending" | "sent" | "failed" | "mailbox";

export async function enqueueMail(tx: DbTx, mail: OutgoingMail): Promise<void> {
  const status: MailStatus = runningMailMode() === "dev-mailbox" ? "mailbox" : "queued";
  await tx.mailMessage.create({ data: { ...mail, status } });
}
