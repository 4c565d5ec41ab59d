// The edge's memory of recently revoked sessions. Middleware cannot ask the
// database, so each process keeps the ids of sessions revoked within the last
// edge-token TTL, refreshed from a small Node route at most about once a second,
// in the background. A token whose `sid` is in the set is treated as absent.
// If the feed cannot be reached, the token's TTL still bounds the exposure.
import { authSecrets, config } from "@/lib/config/env";
import { hex, hkdf, oncePerSecret } from "./derive";

export const FEED_PATH = "/api/internal/revocations";
export const FEED_KEY_HEADER = "x-revocation-feed-key";
const REFRESH_MS = 1000;
/** Rows may commit a little after the time they carry: re-read that much each time. */
const OVERLAP_MS = 5000;

export type FeedResponse = { now: number; revoked: { sid: string; at: number }[] };

const deriveFeedKey = oncePerSecret((secret) => hkdf(secret, "revocation feed key", 32).then(hex));

/** Proves to the feed route that the caller knows AUTH_SECRET; derived, so the secret never travels. */
export function feedKey(secret = authSecrets()[0] as string): Promise<string> {
  return deriveFeedKey(secret);
}

const state = {
  /** sid -> when it may be forgotten (its tokens have all expired by then). */
  revoked: new Map<string, number>(),
  since: 0,
  lastAttempt: 0,
  loaded: false,
  inflight: undefined as Promise<void> | undefined,
};

function forgetExpired(now: number) {
  for (const [sid, until] of state.revoked) if (until <= now) state.revoked.delete(sid);
}

async function pull(origin: string): Promise<void> {
  const url = new URL(FEED_PATH, process.env.REVOCATION_FEED_ORIGIN || origin);
  url.searchParams.set("since", String(state.since));
  const res = await fetch(url, { headers: { [FEED_KEY_HEADER]: await feedKey() }, cache: "no-store" });
  if (!res.ok) throw new Error(`revocation feed answered ${res.status}`);
  const body = (await res.json()) as FeedResponse;
  const ttl = config().EDGE_TOKEN_TTL_SECONDS * 1000;
  for (const { sid, at } of body.revoked) state.revoked.set(sid, at + ttl + OVERLAP_MS);
  state.since = body.now - OVERLAP_MS;
  state.loaded = true;
  forgetExpired(Date.now());
}

/**
 * Starts a refresh if the last one is over a second old, without waiting for it;
 * returns the promise so middleware can hand it to `waitUntil`. Until the first
 * answer arrives a request waits for it at most `firstWaitMs`.
 */
export async function refreshRevocations(
  origin: string,
  firstWaitMs = 150,
): Promise<Promise<void> | undefined> {
  const now = Date.now();
  if (state.inflight || now - state.lastAttempt < REFRESH_MS) return state.inflight;
  state.lastAttempt = now;
  state.inflight = pull(origin)
    .catch(() => {
      // Unreachable feed: keep what we have; tokens still expire on their own.
    })
    .finally(() => {
      state.inflight = undefined;
    });
  const inflight = state.inflight;
  if (!state.loaded) await Promise.race([inflight, new Promise((r) => setTimeout(r, firstWaitMs))]);
  return inflight;
}

export function isRevoked(sid: string): boolean {
  const until = state.revoked.get(sid);
  return until !== undefined && until > Date.now();
}

/** For tests and the benchmark: how much the process remembers. */
export function revocationSetSize(): number {
  return state.revoked.size;
}
