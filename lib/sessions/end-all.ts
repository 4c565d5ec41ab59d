// "End every session": one global not-before time instead of 100,000 revocations.
// The cutoff row is written first; from that moment the database check refuses
// every session created before it (but the one the administrator keeps) and the
// edge refuses every token issued before it (the revocation feed carries the
// time). Only then are the rows deleted, a bounded batch per statement, so no
// write holds the tables for long and sign-ins keep working meanwhile.
import { audit } from "@/lib/audit";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { countRevocations } from "@/lib/metrics/events";
import { announceRevocation } from "./revocation-signal";

export const CUTOFF_ID = "global";
/** bench:admin: a batch of this size deletes in tens of milliseconds on both databases (each one short write). */
export const END_ALL_BATCH_SIZE = 500;

export type CutoffColumns = { cutoffAt: Date | null; cutoffKeeps: string | null };

/** Whether the last "end every session" ended this session (its row may not be deleted yet). */
export function endedByCutoff(session: { id: string; createdAt: Date } & Partial<CutoffColumns>): boolean {
  return !!session.cutoffAt && session.createdAt < session.cutoffAt && session.id !== session.cutoffKeeps;
}

/**
 * Edge tokens carry `iat` in whole seconds: the cutoff is the next whole second,
 * so a token (or session) from before it is older by the edge's arithmetic too,
 * and one made after it never is.
 */
export function nextWholeSecond(now = Date.now()): Date {
  return new Date(Math.ceil(now / 1000) * 1000);
}

export function currentCutoff() {
  return db.sessionCutoff.findUnique({ where: { id: CUTOFF_ID } });
}

export type EndAllResult = { count: number; batches: number; longestBatchMs: number; notBefore: Date };

export async function endEverySession({
  keepSessionId,
  actorUserId,
  client,
  batchSize = END_ALL_BATCH_SIZE,
}: {
  keepSessionId: string | null;
  actorUserId: string | null;
  client?: ClientInfo | null;
  batchSize?: number;
}): Promise<EndAllResult> {
  const notBefore = nextWholeSecond();
  const cutoff = { notBefore, keepSessionId, actorUserId };
  await db.sessionCutoff.upsert({
    where: { id: CUTOFF_ID },
    create: { id: CUTOFF_ID, ...cutoff },
    update: cutoff,
  });
  // Committed: every instance's edge learns the cutoff now, not at its next poll.
  await announceRevocation(db);
  // Sessions made before the cutoff but after this moment must exist before the
  // walk starts, or it could pass them by: wait out the rest of the second.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, notBefore.getTime() - Date.now())));
  const older = { createdAt: { lt: notBefore }, ...(keepSessionId ? { NOT: { id: keepSessionId } } : {}) };
  let count = 0;
  let batches = 0;
  let longestBatchMs = 0;
  // Walk the primary key forward: each batch reads from where the last one stopped, never over deleted rows.
  let after = "";
  for (;;) {
    const ids = (
      await db.session.findMany({
        where: { ...older, id: { gt: after } },
        orderBy: { id: "asc" },
        take: batchSize,
        select: { id: true },
      })
    ).map((s) => s.id);
    if (ids.length === 0) break;
    after = ids.at(-1) as string;
    // One statement, so one short transaction; rows ended meanwhile by someone else just count 0.
    const started = performance.now();
    const deleted = await db.session.deleteMany({ where: { ...older, id: { in: ids } } });
    longestBatchMs = Math.max(longestBatchMs, performance.now() - started);
    count += deleted.count;
    batches++;
    // better-sqlite3 answers synchronously, so back-to-back batches would never let
    // this process serve a request in between: give the event loop a turn.
    await new Promise((resolve) => setImmediate(resolve));
  }
  // Rows the walk deleted; those ended meanwhile by their own path counted there.
  countRevocations("ended_all", count);
  await audit(db, {
    action: "session.ended_all",
    actorUserId,
    client,
    details: { count, keptSessionId: keepSessionId, notBefore: notBefore.toISOString() },
  });
  return { count, batches, longestBatchMs, notBefore };
}
