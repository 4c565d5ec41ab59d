// One Prisma client per process for the database DATABASE_URL names, and the
// driver connection underneath it for the one read every request makes (see
// lib/db/prepared-read.ts). Both generated clients come from the same models, so
// the SQLite one's types serve both.
import { PrismaPg } from "@prisma/adapter-pg";
import Database from "better-sqlite3";
import pg from "pg";
import { PrismaClient as PostgresClient } from "@/lib/generated/postgres/client";
import { PrismaClient } from "@/lib/generated/sqlite/client";
import { logger } from "@/lib/log/logger";
import { sqliteAdapter } from "./sqlite-adapter";
import { markOutagesOf } from "./unavailable";
import { databaseTarget } from "./url";

export type Db = PrismaClient;
/** A client or the transaction client handed to `db.$transaction(async (tx) => ...)`. */
export type DbTx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** What prepared reads run on: PostgreSQL's pool is Prisma's own; SQLite gets a read-only handle of its own. */
export type Driver =
  | { provider: "postgresql"; pool: pg.Pool }
  | { provider: "sqlite"; reader: () => Database.Database };

/**
 * Opened on first use: `next build` imports this module before any database
 * exists. Read-only, so this handle can never write; WAL (set by db-prepare) lets
 * it read while Prisma's connection commits.
 */
function readOnlyHandle(file: string): () => Database.Database {
  let handle: Database.Database | undefined;
  return () => {
    handle ??= new Database(file, { readonly: true, fileMustExist: true });
    return handle;
  };
}

/** A new connection that takes longer than this fails; pg's default is to wait without end. */
const CONNECT_TIMEOUT_MS = 5000;

function connect(): { db: Db; driver: Driver } {
  const target = databaseTarget(process.env.DATABASE_URL);
  if (target.provider === "postgresql") {
    // allowExitOnIdle: a script that never calls $disconnect still ends once its queries are done.
    // connectionTimeoutMillis: a database host that drops packets fails a request (503) instead of hanging it.
    const pool = new pg.Pool({
      connectionString: target.url,
      allowExitOnIdle: true,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    });
    // An idle connection dropped by the server must not crash the process before Prisma adds its handler.
    pool.on("error", (err) =>
      logger().error({ event: "db.idle_connection_lost", err }, "an idle database connection was lost"),
    );
    markOutagesOf(pool);
    const adapter = new PrismaPg(pool, { disposeExternalPool: true });
    return { db: new PostgresClient({ adapter }) as unknown as Db, driver: { provider: "postgresql", pool } };
  }
  return {
    db: new PrismaClient({ adapter: sqliteAdapter(target.file) }),
    driver: { provider: "sqlite", reader: readOnlyHandle(target.file) },
  };
}

// One client and pool per process: this module is loaded by our server (through
// tsx) and again inside Next's bundle, and reloaded by dev-mode edits; each copy
// would otherwise open a pool of its own, and shutdown could close only one.
const globalForDb = globalThis as unknown as { hybridAuthDb?: ReturnType<typeof connect> };

const connected = globalForDb.hybridAuthDb ?? connect();
globalForDb.hybridAuthDb = connected;

/** Shutdown: closes the pool (PostgreSQL) or the file handles (SQLite) after the last query. */
export async function disconnectDatabase(): Promise<void> {
  await connected.db.$disconnect();
  // Prisma ends the pool only if it used it; the prepared reads may have been alone.
  const { driver } = connected;
  if (driver.provider === "postgresql" && !driver.pool.ended) await driver.pool.end();
}

export const db: Db = connected.db;
export const driver: Driver = connected.driver;
