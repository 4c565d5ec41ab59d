// The Node side of the edge revocation feed: which sessions ended recently, in
// pages, in (revokedAt, sessionId) order, so that a caller walking the pages sees
// every row however many share a moment; and on every page, the last "end every
// session" cutoff. Asked to wait (`wait`), it holds the request until something
// is revoked after `since` (lib/sessions/revocation-signal.ts) or the wait ends,
// then answers the same page: the edge keeps one such request open and so
// learns of a revocation as it commits, not at its next poll.
import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { authSecrets } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import {
  FEED_KEY_HEADER,
  type FeedCursor,
  type FeedResponse,
  feedKey,
  longestTokenSeconds,
  MAX_HOLD_MS,
  OVERLAP_MS,
} from "@/lib/edge/revocations";
import { SPAN_NAMES, traced } from "@/lib/telemetry/spans";
import { currentCutoff } from "./end-all";
import { canPush, revocationSince } from "./revocation-signal";

/** A page stays a few hundred kilobytes; the edge asks for the next one at once. */
export const FEED_PAGE_SIZE = 5000;
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

/**
 * The next page of sessions revoked after `cursor`, never further back than one
 * token lifetime (older revocations have outlived every token they could stop).
 */
export async function revokedAfter(
  cursor: FeedCursor,
  pageSize = FEED_PAGE_SIZE,
): Promise<Omit<FeedResponse, "push">> {
  const now = Date.now();
  const floor = now - longestTokenSeconds() * 1000 - OVERLAP_MS;
  const from = cursor.at >= floor ? cursor : { at: floor, sid: "" };
  const at = new Date(from.at);
  const [rows, cutoff] = await Promise.all([
    db.revokedSession.findMany({
      // (revokedAt, sessionId) > (at, sid), written so the [revokedAt, sessionId] index serves it in order.
      where: { revokedAt: { gte: at }, OR: [{ revokedAt: { gt: at } }, { sessionId: { gt: from.sid } }] },
      orderBy: [{ revokedAt: "asc" }, { sessionId: "asc" }],
      take: pageSize + 1,
      select: { sessionId: true, revokedAt: true },
    }),
    currentCutoff(),
  ]);
  if (now - lastPrune > 60_000) {
    lastPrune = now;
    // The feed only ever reads the last few minutes; the audit log keeps the history.
    await db.revokedSession.deleteMany({ where: { revokedAt: { lt: new Date(now - KEEP_ROWS_MS) } } });
  }
  return {
    now,
    revoked: rows.slice(0, pageSize).map((r) => ({ sid: r.sessionId, at: r.revokedAt.getTime() })),
    more: rows.length > pageSize,
    notBefore: cutoff ? { at: cutoff.notBefore.getTime(), keep: cutoff.keepSessionId } : null,
  };
}

const cursorQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  sid: z.string().max(64).default(""),
  /** Hold for up to this long (ms) unless something was revoked after `since`. */
  wait: z.coerce.number().int().min(0).max(MAX_HOLD_MS).default(0),
  /** The `now` of the caller's last pass (this server's clock). */
  since: z.coerce.number().int().min(0).default(0),
});

/** The feed route: only callers that know AUTH_SECRET; anyone else sees nothing there. */
export function answerFeedRequest(req: Request): Promise<Response> {
  return traced(SPAN_NAMES.revocationFeed, () => answerFeed(req), feedOutcome);
}

function feedOutcome(res: Response): "ok" | "denied" | "bad_request" {
  return res.status === 200 ? "ok" : res.status === 404 ? "denied" : "bad_request";
}

async function answerFeed(req: Request): Promise<Response> {
  if (!(await isFeedCaller(req.headers.get(FEED_KEY_HEADER)))) {
    return Response.json({ error: "Not found." }, { status: 404 });
  }
  const query = cursorQuery.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!query.success) return Response.json({ error: "Bad cursor." }, { status: 400 });
  const { after, sid, wait, since } = query.data;
  // Told "no push" (PostgreSQL's LISTEN connection is down, or shutting down), the edge polls instead.
  const push = wait > 0 && (await canPush());
  const held = performance.now();
  if (push) await revocationSince(since, wait, req.signal);
  const started = performance.now();
  const body = await revokedAfter({ at: after, sid });
  return Response.json(
    { ...body, push },
    {
      headers: {
        "cache-control": "no-store",
        "server-timing": `wait;dur=${(started - held).toFixed(1)}, db;dur=${(performance.now() - started).toFixed(1)};desc="revocations"`,
      },
    },
  );
}
