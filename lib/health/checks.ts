// What readiness and liveness report (GET /api/health/ready, /api/health/live):
// each check's state and when it was made, in words an operator can act on and
// nothing secret (no connection strings, hosts or driver messages).
import { readdirSync } from "node:fs";
import path from "node:path";
import { type Db, db, driver } from "@/lib/db/client";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { STALE_AFTER_MS } from "@/lib/edge/revocations";
import { requestsInFlight, shuttingDownSince } from "@/lib/runtime/lifecycle";

export type Check = { status: "pass" | "fail"; time: string; durationMs?: number; detail?: string };

/** A trivial query that takes longer than this counts as a database that does not answer. */
export const DATABASE_TIMEOUT_MS = 2000;

function timeout(ms: number): Promise<never> {
  return new Promise((_, reject) => {
    setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref();
  });
}

/** Runs `probe` within the timeout and turns the outcome into a check; `probe` returns a failure's words, or nothing. */
async function check(probe: () => Promise<string | undefined>, timeoutMs: number): Promise<Check> {
  const time = new Date().toISOString();
  const started = performance.now();
  let failure: string | undefined;
  try {
    failure = await Promise.race([probe(), timeout(timeoutMs)]);
  } catch (err) {
    failure =
      err instanceof Error && err.message.startsWith("timed out")
        ? err.message
        : isDatabaseUnavailable(err)
          ? "cannot reach the database"
          : "query failed";
  }
  const durationMs = Math.round(performance.now() - started);
  return failure
    ? { status: "fail", time, durationMs, detail: failure }
    : { status: "pass", time, durationMs };
}

export function checkDatabase(timeoutMs = DATABASE_TIMEOUT_MS, client: Db = db): Promise<Check> {
  return check(async () => {
    await client.$queryRawUnsafe("SELECT 1");
    return undefined;
  }, timeoutMs);
}

let migrationFolders: string[] | undefined;

/** The committed migrations of this build's provider (read once: they do not change under a running server). */
function committedMigrations(): string[] {
  const folder = driver.provider === "postgresql" ? "prisma/postgres/migrations" : "prisma/migrations";
  migrationFolders ??= readdirSync(path.join(process.cwd(), folder), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  return migrationFolders;
}

/** Every committed migration applied and finished (a newer database than this build is fine). */
export function checkMigrations(timeoutMs = DATABASE_TIMEOUT_MS): Promise<Check> {
  return check(async () => {
    const applied = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const done = new Set(applied.map((row) => row.migration_name));
    const pending = committedMigrations().filter((name) => !done.has(name));
    if (pending.length === 0) return undefined;
    return `${pending.length} ${pending.length === 1 ? "migration" : "migrations"} not applied (run the migrations)`;
  }, timeoutMs);
}

/**
 * The edge's revocation feed answered in full within the staleness bound.
 * `syncedAt` comes from middleware (a header it sets on the readiness request).
 */
export function checkRevocationFeed(syncedAt: string | null, now = Date.now()): Check {
  const time = new Date(now).toISOString();
  const at = Number(syncedAt);
  if (!syncedAt || syncedAt === "never" || !Number.isFinite(at))
    return { status: "fail", time, detail: "the edge has not heard from the feed yet" };
  const ageMs = Math.max(0, now - at);
  const answered = new Date(at).toISOString();
  return ageMs <= STALE_AFTER_MS
    ? { status: "pass", time, detail: `answered ${answered}` }
    : { status: "fail", time, detail: `silent since ${answered}` };
}

export type Readiness = { status: "pass" | "fail"; time: string; checks: Record<string, Check> };

/**
 * Ready means: serving (not shutting down), the database answers, its migrations
 * are current, the feed answers. Shutting down, the rest is not asked.
 */
export async function readiness(feedSyncedAt: string | null): Promise<Readiness> {
  const time = new Date().toISOString();
  const since = shuttingDownSince();
  const shutdown: Check =
    since === null
      ? { status: "pass", time }
      : { status: "fail", time, detail: `shutting down since ${new Date(since).toISOString()}` };
  if (since !== null) {
    // A draining instance answers at once: a balancer's check that waited on a
    // busy database could time out later than the drain allows for (README, Scaling out).
    const skipped: Check = { status: "fail", time, detail: "not checked: shutting down" };
    return {
      status: "fail",
      time,
      checks: { shutdown, database: skipped, migrations: skipped, revocationFeed: skipped },
    };
  }
  const database = await checkDatabase();
  // A database that does not answer cannot tell its migrations: one failure, not two timeouts.
  const migrations: Check =
    database.status === "pass"
      ? await checkMigrations()
      : { status: "fail", time, detail: "not checked: the database does not answer" };
  const checks = { shutdown, database, migrations, revocationFeed: checkRevocationFeed(feedSyncedAt) };
  const ok = Object.values(checks).every((c) => c.status === "pass");
  return { status: ok ? "pass" : "fail", time, checks };
}

export type Liveness = { status: "pass"; time: string; requestsInFlight: number; shuttingDown: boolean };

/** The process answers; never looks at the database (a restart would not bring it back). */
export function liveness(): Liveness {
  return {
    status: "pass",
    time: new Date().toISOString(),
    // This request included: how far a shutdown has drained.
    requestsInFlight: requestsInFlight(),
    shuttingDown: shuttingDownSince() !== null,
  };
}
