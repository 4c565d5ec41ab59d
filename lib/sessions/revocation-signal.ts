// "Something was revoked": what lets the revocation feed answer the edge's held
// request at once instead of at the edge's next poll. The signal carries nothing
// but the moment; the rows themselves are read through the feed's cursor as
// always, so a lost signal only delays a revocation to the held request's
// timeout (or the edge's poll), never loses it.
//
// SQLite (one instance): in-process, fired after the commit of the transaction
// that recorded the revocation, so a woken reader always sees the row.
// PostgreSQL (any number of instances): the writing transaction sends
// pg_notify, which PostgreSQL delivers at commit to every connection that
// listens; each process keeps one dedicated connection doing LISTEN (not one of
// the pool's, which Prisma hands between queries).
//
// Everything lives on globalThis: our server (through tsx) and each of Next's
// bundles load their own copy of this module, and a revocation written by a
// server action must wake the feed route's waiters.
import pg from "pg";
import { type DbTx, db } from "@/lib/db/client";
import { onSqliteCommit } from "@/lib/db/sqlite-adapter";
import { databaseTarget } from "@/lib/db/url";
import { logger } from "@/lib/log/logger";
import { onShutdown, shuttingDownSince } from "@/lib/runtime/lifecycle";

export const REVOCATION_CHANNEL = "hybrid_auth_revocations";
/** A dropped LISTEN connection is retried after this, doubling up to the maximum. */
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 10_000;
const CONNECT_TIMEOUT_MS = 5000;

type Listener = {
  client: pg.Client | null;
  /** LISTEN is in place: a commit anywhere reaches this process. */
  up: boolean;
  retryMs: number;
  timer: ReturnType<typeof setTimeout> | null;
  /** The connection attempt under way, if any. */
  connecting: Promise<void> | null;
};

type SignalState = {
  /** Local time of the last signal (ms since the epoch); a reader asks "anything since my last read?". */
  lastAt: number;
  signals: number;
  waiters: Set<() => void>;
  /** SQLite: a transaction recorded a revocation; the next commit fires. */
  pending: boolean;
  /** PostgreSQL only, started by the first waiter. */
  listener: Listener | null;
  unhook: (() => void) | null;
  releasesOnShutdown?: boolean;
};

const KEY = Symbol.for("hybrid-auth.revocation-signal");
const shared = globalThis as typeof globalThis & { [KEY]?: SignalState };
shared[KEY] ??= { lastAt: 0, signals: 0, waiters: new Set(), pending: false, listener: null, unhook: null };
const state = shared[KEY];

function provider() {
  return databaseTarget(process.env.DATABASE_URL).provider;
}

function wakeWaiters(): void {
  const waiting = [...state.waiters];
  state.waiters.clear();
  for (const wake of waiting) wake();
}

/** Wakes every waiter once: a burst of revocations costs each waiter one wake-up, however long. */
function fire(): void {
  state.lastAt = Date.now();
  state.signals++;
  wakeWaiters();
}

/**
 * Called by every write that makes a session unusable at the edge (a RevokedSession
 * row, the "end every session" cutoff), on the client that writes it: inside the
 * transaction on PostgreSQL, so the notification leaves at commit (and PostgreSQL
 * folds a transaction's identical notifications into one).
 */
export async function announceRevocation(tx: DbTx): Promise<void> {
  if (provider() === "postgresql") {
    await tx.$executeRawUnsafe(`SELECT pg_notify('${REVOCATION_CHANNEL}', '')`);
    return;
  }
  if (tx === db) {
    fire();
    return;
  }
  state.pending = true;
  state.unhook ??= onSqliteCommit(() => {
    if (!state.pending) return;
    state.pending = false;
    fire();
  });
}

function startListener(): Listener {
  const l: Listener = { client: null, up: false, retryMs: RECONNECT_MIN_MS, timer: null, connecting: null };
  const connect = () => {
    l.timer = null;
    l.connecting = attempt().finally(() => {
      l.connecting = null;
    });
  };
  const attempt = async () => {
    const client = new pg.Client({
      connectionString: databaseTarget(process.env.DATABASE_URL).url,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      // The server ends a connection it cannot reach; this one is otherwise silent for hours.
      keepAlive: true,
    });
    l.client = client;
    const lost = (err?: unknown) => {
      if (l.client !== client) return;
      const wasUp = l.up;
      l.up = false;
      l.client = null;
      client.removeAllListeners("notification");
      client.end().catch(() => {});
      if (wasUp || err)
        logger().warn(
          { event: "revocation_signal.listen_lost", err },
          "revocation signal: the LISTEN connection failed; the edge polls meanwhile",
        );
      if (state.listener !== l) return;
      l.timer = setTimeout(connect, l.retryMs);
      l.timer.unref();
      l.retryMs = Math.min(l.retryMs * 2, RECONNECT_MAX_MS);
    };
    client.on("error", lost);
    client.on("end", () => lost());
    client.on("notification", (n) => {
      if (n.channel === REVOCATION_CHANNEL) fire();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${REVOCATION_CHANNEL}`);
      // Never what keeps a script or a test process alive.
      (
        client as unknown as { connection?: { stream?: { unref?: () => void } } }
      ).connection?.stream?.unref?.();
      if (l.client !== client) return;
      l.up = true;
      l.retryMs = RECONNECT_MIN_MS;
      // Whatever committed while nobody listened: let the waiters read once.
      fire();
    } catch (err) {
      lost(err);
    }
  };
  connect();
  return l;
}

/**
 * Whether a held request would be woken by a revocation: always on SQLite, on
 * PostgreSQL while the LISTEN connection is up (started here on first use, and
 * waited for while it connects).
 */
export async function canPush(): Promise<boolean> {
  if (shuttingDownSince() !== null) return false;
  if (provider() !== "postgresql") return true;
  state.listener ??= startListener();
  await state.listener.connecting;
  return state.listener.up;
}

/**
 * Resolves at the first signal after `since` (local ms; at once if one came
 * already), after `timeoutMs`, or when `abort` fires, whichever is first.
 * True if a signal came.
 */
export function revocationSince(since: number, timeoutMs: number, abort?: AbortSignal): Promise<boolean> {
  if (state.lastAt >= since) return Promise.resolve(true);
  if (abort?.aborted || shuttingDownSince() !== null) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (signalled: boolean) => {
      clearTimeout(timer);
      state.waiters.delete(wake);
      abort?.removeEventListener("abort", aborted);
      resolve(signalled);
    };
    const wake = () => done(true);
    const aborted = () => done(false);
    const timer = setTimeout(() => done(false), timeoutMs);
    state.waiters.add(wake);
    abort?.addEventListener("abort", aborted, { once: true });
  });
}

/** Shutdown: held requests answer now instead of holding the drain up. */
export function releaseRevocationWaiters(): void {
  wakeWaiters();
}
// Once per process (each copy of this module would add its own otherwise).
if (!state.releasesOnShutdown) {
  state.releasesOnShutdown = true;
  onShutdown(releaseRevocationWaiters);
}

/** Tests and the benchmark: how many signals this process has seen. */
export function revocationSignals(): number {
  return state.signals;
}

/** Closes the LISTEN connection (tests; a server's exit closes it anyway). */
export async function stopRevocationListener(): Promise<void> {
  const l = state.listener;
  state.listener = null;
  if (!l) return;
  if (l.timer) clearTimeout(l.timer);
  const client = l.client;
  l.client = null;
  l.up = false;
  await client?.end().catch(() => {});
}

/** Tests: waits until the LISTEN connection is up (PostgreSQL), at most `timeoutMs`. */
export async function listenerReady(timeoutMs = 5000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (!(await canPush())) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}
