// The one place that decides whether an error means "the database cannot be
// reached right now" (answer 503 and try again) rather than a bug or a bad
// request (500). Errors arrive in several shapes: pg's own (socket codes,
// SQLSTATE), Prisma's driver-adapter errors wrapping them (a `kind`, the pg error
// as `cause`), Prisma's known-request errors (P-codes) and better-sqlite3's
// (SQLITE_* codes). We walk the whole chain of causes and match on codes and
// kinds, never on the text of a message, except for pg's few errors that carry
// no code at all.
import type pg from "pg";
import { markDatabaseUnavailable } from "@/lib/runtime/request-state";
import { DATABASE_UNAVAILABLE_DIGEST } from "@/lib/ui/unavailable";

/** Network failures on the way to the database server. */
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
]);

/**
 * PostgreSQL SQLSTATEs: class 08 (connection exception), the server shutting
 * down or starting (57P01 admin_shutdown, 57P02 crash_shutdown, 57P03
 * cannot_connect_now) and too many connections (53300).
 */
const PG_STATES = new Set(["57P01", "57P02", "57P03", "53300"]);

/** Prisma: cannot reach (P1001), timed out (P1002, P1008), connection closed (P1017), pool timeout (P2024). */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);

/** Prisma driver-adapter error kinds (`@prisma/driver-adapter-utils`). */
const ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);

/** better-sqlite3: the file is locked by another writer past the busy timeout, or cannot be opened or read. */
const SQLITE_CODES = /^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR)/;

/** pg raises these without a code when a connection dies or cannot be had in time. */
const PG_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Unable to start a transaction in the given time/,
];

function matches(e: Record<string, unknown>): boolean {
  const { code, kind, message } = e;
  if (typeof code === "string") {
    if (SOCKET_CODES.has(code) || PG_STATES.has(code) || PRISMA_CODES.has(code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(code) || SQLITE_CODES.test(code)) return true;
  }
  if (typeof kind === "string" && ADAPTER_KINDS.has(kind)) return true;
  // The adapter's catch-all kind keeps the SQLSTATE as `code` (checked above) or `originalCode`.
  if (typeof e.originalCode === "string" && (PG_STATES.has(e.originalCode) || /^08/.test(e.originalCode)))
    return true;
  return typeof message === "string" && PG_MESSAGES.some((re) => re.test(message));
}

/** True when `err` (or anything it wraps) says the database could not be reached. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length > 0) {
    const e = queue.shift();
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    if (e instanceof DatabaseUnavailableError) return true;
    const record = e as Record<string, unknown>;
    if (matches(record)) return true;
    // Where each wrapper keeps what it wraps: Error.cause, Prisma's meta and
    // driverAdapterError, AggregateError's list (pg tries every address of a host).
    queue.push(record.cause, record.meta, record.driverAdapterError, record.originalError);
    if (Array.isArray(record.errors)) queue.push(...record.errors);
  }
  return false;
}

/**
 * Thrown instead of a driver error once it is known to mean an outage. Its
 * digest survives production's stripping of messages, so the error boundary
 * can say "briefly unavailable" instead of "something went wrong".
 */
export class DatabaseUnavailableError extends Error {
  readonly digest = DATABASE_UNAVAILABLE_DIGEST;
  constructor(cause?: unknown) {
    super("The database cannot be reached right now.", { cause });
    this.name = "DatabaseUnavailableError";
  }
}

/**
 * For a catch block: an outage becomes a DatabaseUnavailableError and marks the
 * request for a 503; anything else comes back unchanged, to be rethrown.
 */
export function asOutage(err: unknown): unknown {
  if (!isDatabaseUnavailable(err)) return err;
  markDatabaseUnavailable();
  return err instanceof DatabaseUnavailableError ? err : new DatabaseUnavailableError(err);
}

/**
 * Marks the request whenever a query on this pool finds the database
 * unreachable, whoever sent it (Prisma's adapter or a prepared read) and
 * whether or not our code catches it: a page whose later query fails after its
 * session check then answers 503 too, not 500. Only the status changes; the
 * caller still gets the original error.
 */
export function markOutagesOf(pool: pg.Pool): void {
  for (const method of ["query", "connect"] as const) {
    const original = (pool[method] as (...args: unknown[]) => unknown).bind(pool);
    (pool as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      const result = original(...args);
      // The promise forms only (a callback gets its error itself); this branch handles, the caller's still rejects.
      if (result instanceof Promise)
        result.catch((err: unknown) => {
          if (isDatabaseUnavailable(err)) markDatabaseUnavailable();
        });
      return result;
    };
  }
}
