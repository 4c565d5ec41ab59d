// The dev mailbox: on a loopback demo server without SMTP_URL, messages stay in
// the outbox and /dev/mailbox shows them. Anywhere else it does not exist.
import { db } from "@/lib/db/client";
import { runningMailMode } from "./mode";

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

export function findMailboxMessage(id: string) {
  return db.mailMessage.findUnique({
    where: { id },
    select: { id: true, to: true, subject: true, text: true, html: true, createdAt: true },
  });
}
