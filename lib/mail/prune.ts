// Part of the retention sweep (lib/retention): sent messages are kept 30 days as a record
// of what went out (their bodies are dropped at sending), expired links a week.
import { db } from "@/lib/db/client";
import { pruneLinkTokens } from "@/lib/links/tokens";

export const SENT_KEPT_DAYS = 30;

export async function pruneOutbox(now = new Date()): Promise<{ messages: number; links: number }> {
  const { count } = await db.mailMessage.deleteMany({
    where: { status: "sent", sentAt: { lt: new Date(now.getTime() - SENT_KEPT_DAYS * 86_400_000) } },
  });
  return { messages: count, links: await pruneLinkTokens(now) };
}
