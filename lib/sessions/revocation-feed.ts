// The Node side of the edge revocation feed: which sessions ended recently.
import { timingSafeEqual } from "node:crypto";
import { authSecrets, config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { type FeedResponse, feedKey } from "@/lib/edge/revocations";

/** More than a burst of revocations per TTL would need; the edge keeps what it gets. */
const MAX_ROWS = 10_000;
const KEEP_ROWS_MS = 24 * 3600 * 1000;
let lastPrune = 0;

export async function isFeedCaller(presented: string | null): Promise<boolean> {
  if (!presented) return false;
  const given = Buffer.from(presented);
  for (const secret of authSecrets()) {
    const expected = Buffer.from(await feedKey(secret));
    if (given.length === expected.length && timingSafeEqual(given, expected)) return true;
  }
  return false;
}

/** Sessions revoked after `since` (ms), never further back than one edge-token TTL. */
export async function revokedSince(since: number): Promise<FeedResponse> {
  const now = Date.now();
  const floor = now - config().EDGE_TOKEN_TTL_SECONDS * 1000 - 5000;
  const rows = await db.revokedSession.findMany({
    where: { revokedAt: { gt: new Date(Math.max(since, floor)) } },
    orderBy: { revokedAt: "asc" },
    take: MAX_ROWS,
    select: { sessionId: true, revokedAt: true },
  });
  if (now - lastPrune > 60_000) {
    lastPrune = now;
    // The feed only ever reads the last few minutes; the audit log keeps the history.
    await db.revokedSession.deleteMany({ where: { revokedAt: { lt: new Date(now - KEEP_ROWS_MS) } } });
  }
  return { now, revoked: rows.map((r) => ({ sid: r.sessionId, at: r.revokedAt.getTime() })) };
}
