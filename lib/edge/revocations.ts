// The edge's memory of recently revoked sessions. Middleware cannot ask the
// database, so each process keeps the ids of sessions revoked within the last
// edge-token TTL, refreshed from a small Node route at most about once a second,
// in the background; and, while the process is serving requests, told at once:
// one request to the feed stays open, held by the feed until something is
// revoked (or a poll's period passes), and is asked again as soon as it answers
// ("push"; lib/sessions/revocation-signal.ts). The poll stays as the fallback
// when the feed cannot push. A token whose `sid` is in the set is treated as absent, and
// so is one issued before the last "end every session" (one time, not a list of
// every session it ended), unless it is the session the administrator kept.
//
// The feed's address comes from configuration or the port this server listens
// on, never from the request: a forged Host or X-Forwarded-Proto must not be able
// to point the poll somewhere that fails (or lies). And the set is trusted only
// while the feed keeps answering: once it has been silent for a few seconds,
// middleware sends page loads through the database check instead.
import { z } from "zod";
import { authSecrets, config } from "@/lib/config/env";
import { hex, hkdf, oncePerSecret } from "./derive";

export const FEED_PATH = "/api/internal/revocations";
export const FEED_KEY_HEADER = "x-revocation-feed-key";
/**
 * The readiness and metrics routes run in Node and cannot see the edge's memory:
 * middleware hands them, on this request header (set by middleware, so never the
 * client's), when the feed last answered the edge.
 */
export const READINESS_PATH = "/api/health/ready";
export const METRICS_PATH = "/api/metrics";
export const FEED_SYNCED_AT_HEADER = "x-edge-feed-synced-at";
/** Rows may commit a little after the time they carry: each pass re-reads that much. */
export const OVERLAP_MS = 5000;

/**
 * How long a revocation matters: the longest life of any token the edge admits
 * by `sid` (a browser's edge token, a bound one, an API access token).
 */
export function longestTokenSeconds(c = config()): number {
  return Math.max(c.EDGE_TOKEN_TTL_SECONDS, c.BOUND_EDGE_TOKEN_TTL_SECONDS, c.API_ACCESS_TOKEN_TTL_SECONDS);
}
/** Without a complete answer for this long, the set no longer vouches for any token. */
export const STALE_AFTER_MS = 5000;
const REFRESH_MS = 1000;
const FETCH_TIMEOUT_MS = 2000;
/**
 * How long the edge asks the feed to hold a request while nothing is revoked: the
 * poll's own period, so a revocation that sends no signal (written by another
 * process on SQLite, or a notification lost with its connection) still arrives
 * within the poll's bound, and a held request costs the database what a poll did.
 */
export const HOLD_MS = REFRESH_MS;
/** The longest hold the feed grants: with the fetch's bound, within STALE_AFTER_MS. */
export const MAX_HOLD_MS = STALE_AFTER_MS - FETCH_TIMEOUT_MS;
/**
 * A request is held open only while this process served a request within this
 * long: an idle instance makes no feed calls (its next request finds the set
 * stale and refreshes it first, as without push).
 */
const PUSH_ACTIVE_MS = 60_000;
/**
 * After the feed could not push or a held request failed: poll, and try holding
 * again at the poll's next turn (a held request that cannot push costs what a
 * poll does; one that failed is retried no faster than the poll would be).
 */
const PUSH_RETRY_MS = REFRESH_MS;
/** Beyond the fetch's own timeout, before a pass step that has not settled is given up. */
const GRACE_MS = 500;

/**
 * `work`, or a rejection once `ms` have passed. A step of a pass that never
 * settles (a fetch whose abort never fired while a fresh instance was starting
 * under load, seen in the rolling-restart test) would keep the pass in flight for
 * good: no later refresh starts, and the set stays stale.
 */
function bounded<T>(work: Promise<T>, ms: number, step: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms (${step})`)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/** A backlog bigger than this many pages is worked off over several refreshes. */
const MAX_PAGES_PER_REFRESH = 10;
const REPORT_EVERY_MS = 30_000;

/** Keyset position in the feed's (revokedAt, sessionId) order. */
export type FeedCursor = { at: number; sid: string };
const feedResponse = z.object({
  now: z.number(),
  revoked: z.array(z.object({ sid: z.string(), at: z.number() })),
  more: z.boolean(),
  /** The last "end every session": tokens issued before `at` (ms) are refused, but `keep`'s. */
  notBefore: z.object({ at: z.number(), keep: z.string().nullable() }).nullable(),
  /** A held request: whether the feed can wake it (false: it answered at once; poll instead). */
  push: z.boolean().optional(),
});
export type FeedResponse = z.infer<typeof feedResponse>;

const deriveFeedKey = oncePerSecret((secret) => hkdf(secret, "revocation feed key", 32).then(hex));

/** Proves to the feed route that the caller knows AUTH_SECRET; derived, so the secret never travels. */
export function feedKey(secret = authSecrets()[0] as string): Promise<string> {
  return deriveFeedKey(secret);
}

/**
 * REVOCATION_FEED_ORIGIN, which our server sets to its own listening address
 * unless configured; else the port `next start` listens on. Both are named
 * literally: the edge sandbox only sees variables the middleware bundle mentions.
 */
export function feedOrigin(): string {
  return process.env.REVOCATION_FEED_ORIGIN || `http://127.0.0.1:${process.env.PORT || 3000}`;
}

/** REVOCATION_PUSH=off: poll only (the benchmark's comparison, or a feed behind a proxy that cuts held requests). */
export function pushEnabled(): boolean {
  return process.env.REVOCATION_PUSH !== "off";
}

/** Tests move the feed, the clock and the staleness bound here instead of waiting. */
export type RevocationSetOptions = {
  origin?: () => string;
  staleAfterMs?: number;
  clock?: () => number;
  report?: (line: string) => void;
  push?: boolean;
  holdMs?: number;
  pushRetryMs?: number;
  /** The feed's HTTP client: tests stand in one that never answers. */
  fetch?: typeof fetch;
};

export type RevocationSet = ReturnType<typeof revocationSet>;

export function revocationSet({
  origin = feedOrigin,
  staleAfterMs = STALE_AFTER_MS,
  clock = Date.now,
  push = pushEnabled(),
  holdMs = HOLD_MS,
  pushRetryMs = PUSH_RETRY_MS,
  fetch: fetchFeed = (input, init) => fetch(input, init),
  // The edge runtime cannot load the logger (lib/log is Node's): the same line shape by hand.
  report = (message) =>
    console.warn(
      JSON.stringify({
        level: "warn",
        time: new Date().toISOString(),
        event: "revocation_feed.failing",
        msg: message,
      }),
    ),
}: RevocationSetOptions = {}) {
  /** sid -> when it may be forgotten (its tokens have all expired by then). */
  const revoked = new Map<string, number>();
  let cutoff: FeedResponse["notBefore"] = null;
  let cursor: FeedCursor = { at: 0, sid: "" };
  /** Server time of the first page of the pass under way: where the next pass re-reads from. */
  let passStartedAt: number | undefined;
  /** When the set last caught up with the feed (local clock). */
  let syncedAt = Number.NEGATIVE_INFINITY;
  let lastAttempt = Number.NEGATIVE_INFINITY;
  let inflight: Promise<void> | undefined;
  /** Whether `inflight` is a held request (nobody waits on it). */
  let held = false;
  /** Server time of the first page of the last complete pass: "anything revoked since?". */
  let lastPassAt = 0;
  let lastRequest = Number.NEGATIVE_INFINITY;
  let pushRetryAt = Number.NEGATIVE_INFINITY;
  let failures = 0;
  let lastReport = Number.NEGATIVE_INFINITY;

  async function fetchPage(key: string, wait: number): Promise<FeedResponse> {
    const url = new URL(FEED_PATH, origin());
    url.searchParams.set("after", String(cursor.at));
    url.searchParams.set("sid", cursor.sid);
    if (wait > 0) {
      url.searchParams.set("wait", String(wait));
      url.searchParams.set("since", String(lastPassAt));
    }
    const res = await fetchFeed(url, {
      headers: { [FEED_KEY_HEADER]: key },
      cache: "no-store",
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS + wait),
    });
    if (!res.ok) throw new Error(`answered ${res.status}`);
    const body = feedResponse.safeParse(await res.json());
    if (!body.success) throw new Error("answered with a malformed body");
    return body.data;
  }

  /** One pass (up to MAX_PAGES_PER_REFRESH pages); whether it caught up, and what the feed said of push. */
  async function pull(wait: number): Promise<{ caughtUp: boolean; push: boolean }> {
    const key = await bounded(feedKey(), FETCH_TIMEOUT_MS, "deriving the feed key");
    const ttl = longestTokenSeconds() * 1000;
    let pushed = false;
    for (let page = 0; page < MAX_PAGES_PER_REFRESH; page++) {
      // Only the first page is held: the rest of a backlog is read at once.
      const pageWait = page === 0 ? wait : 0;
      const body = await bounded(
        fetchPage(key, pageWait),
        FETCH_TIMEOUT_MS + pageWait + GRACE_MS,
        "waiting for the feed",
      );
      if (page === 0) pushed = body.push === true;
      passStartedAt ??= body.now;
      cutoff = body.notBefore;
      for (const { sid, at } of body.revoked) revoked.set(sid, at + ttl + OVERLAP_MS);
      const last = body.revoked.at(-1);
      if (last) cursor = { at: last.at, sid: last.sid };
      if (!body.more) {
        // Caught up. A row that was not yet visible during this pass carries a time
        // after the pass began minus the overlap: start the next pass there.
        const rewind = passStartedAt - OVERLAP_MS;
        if (rewind < cursor.at) cursor = { at: rewind, sid: "" };
        lastPassAt = passStartedAt;
        passStartedAt = undefined;
        syncedAt = clock();
        forgetExpired();
        return { caughtUp: true, push: pushed };
      }
    }
    return { caughtUp: false, push: pushed };
  }

  /** Whether to keep a request held at the feed now: push on, recently busy, not backing off, set current. */
  function wantsHeld(): boolean {
    const now = clock();
    return push && now - lastRequest < PUSH_ACTIVE_MS && now >= pushRetryAt && isFresh();
  }

  /**
   * Starts a pass: held (first page waits at the feed) or plain. When it ends, the
   * next one starts at once while `wantsHeld()`: held if this one caught up,
   * plain if a backlog remains. A failure leaves the set to the poll.
   */
  function startPull(wait: boolean): Promise<void> {
    lastAttempt = clock();
    held = wait;
    const pass = pull(wait ? holdMs : 0).then(
      (r) => {
        if (wait && !r.push) pushRetryAt = clock() + pushRetryMs;
        return r.caughtUp;
      },
      (err: unknown) => {
        noteFailure(err);
        if (wait || push) pushRetryAt = clock() + pushRetryMs;
        return null;
      },
    );
    const current = pass.then((caughtUp) => {
      if (inflight !== current) return;
      inflight = undefined;
      held = false;
      if (caughtUp !== null && wantsHeld()) startPull(caughtUp);
    });
    inflight = current;
    return current;
  }

  function forgetExpired() {
    const now = clock();
    for (const [sid, until] of revoked) if (until <= now) revoked.delete(sid);
  }

  // One line per REPORT_EVERY_MS at most, with no stack and nothing secret in it.
  function noteFailure(err: unknown) {
    failures++;
    const now = clock();
    if (now - lastReport < REPORT_EVERY_MS) return;
    const cause = (err as { cause?: { code?: unknown } })?.cause?.code;
    const reason = err instanceof Error ? err.message + (typeof cause === "string" ? ` (${cause})` : "") : "";
    report(
      `revocation feed: ${failures} failed ${failures === 1 ? "refresh" : "refreshes"} from ${safeOrigin()}` +
        ` since the last report, latest: ${reason.slice(0, 120)}; page loads go through the database check meanwhile`,
    );
    failures = 0;
    lastReport = now;
  }

  function safeOrigin(): string {
    try {
      return new URL(origin()).origin;
    } catch {
      return "an invalid REVOCATION_FEED_ORIGIN";
    }
  }

  function isFresh(): boolean {
    return clock() - syncedAt <= staleAfterMs;
  }

  return {
    /**
     * Starts a refresh if the last one began over a second ago, without waiting
     * for it; gives back the pass under way so middleware can hand it to
     * `waitUntil`. While the set is stale (at start, after an idle spell, while
     * the feed is down) the caller waits for the pass at most `staleWaitMs`, so
     * that an idle process answers from a current set rather than from the
     * database path. The pass comes wrapped: an async function that returned it
     * bare would resolve only once the pass settled, and every request would wait
     * on the feed.
     */
    async refresh(staleWaitMs = 150): Promise<{ pass?: Promise<void> }> {
      const now = clock();
      lastRequest = now;
      if (!inflight) {
        // A held request only from a current set: a stale one is refreshed now, with a plain pass.
        if (wantsHeld()) startPull(true);
        else if (now - lastAttempt >= REFRESH_MS) startPull(false);
      }
      // A held request answers when something is revoked: no request waits on it.
      if (held) return {};
      const pass = inflight;
      if (pass && !isFresh()) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([pass, new Promise((r) => (timer = setTimeout(r, staleWaitMs)))]);
        clearTimeout(timer);
      }
      return { pass };
    },
    isRevoked(sid: string): boolean {
      const until = revoked.get(sid);
      return until !== undefined && until > clock();
    },
    /** Whether the token was issued (`iat`, seconds) before the last "end every session" and not kept by it. */
    isCutOff({ sid, iat }: { sid: string; iat: number }): boolean {
      return cutoff !== null && iat * 1000 < cutoff.at && sid !== cutoff.keep;
    },
    /** Whether the set was complete a moment ago; if not, it cannot vouch for a token. */
    isFresh,
    /** When the feed last answered in full (ms since the epoch on this clock), or null if it never has. */
    syncedAt(): number | null {
      return Number.isFinite(syncedAt) ? syncedAt : null;
    },
    /** Tests: no further held request once the one in flight answers. */
    stopPushing(): void {
      push = false;
    },
    /** For tests and the benchmark: how much the process remembers. */
    size(): number {
      return revoked.size;
    },
  };
}

/** The set middleware uses: one per process. */
export const edgeRevocations = revocationSet();
