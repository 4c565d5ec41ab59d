// The dev mailbox: on a loopback demo server without SMTP_URL, messages stay in
// the outbox and /dev/mailbox shows them. Anywhere else it does not exist.
import { db } from "@/lib/db/client";
import { runningMailMode } from "./mode";
import { openBody } from "./sealed";

const SHOWN = 200;

export function devMailboxOpen(): boolean {
  return runningMailMode() === "dev-mailbox";
}

export function listMailbox() {
  return db.mailMessage.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: SHOWN,
    select: { id: true, to: true, subject: true, createdAt: true },
  });
}

export async function findMailboxMessage(id: string) {
  const message = await db.mailMessage.findUnique({
    where: { id },
    select: { id: true, to: true, subject: true, text: true, html: true, createdAt: true },
  });
  return message && { ...message, text: await openBody(message.text), html: await openBody(message.html) };
}
