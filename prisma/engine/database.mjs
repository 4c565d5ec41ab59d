// Database-level work the wasm engine does not do for us: telling whether a
// database exists, creating and dropping one, emptying a SQLite file, and the
// `_prisma_migrations` table. Relative SQLite paths resolve against the working
// directory, which the CLI sets to the folder of its config file (prisma.config.ts
// makes them absolute anyway).
import { mkdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";

/** An error the CLI shows with its Prisma error code (P1001, P1003, ...). */
export class EngineError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export function isPostgres(url) {
  return /^postgres(ql)?:\/\//.test(url ?? "");
}

/** The file a `file:` URL names (query parameters such as ?connection_limit dropped). */
export function sqliteFile(url) {
  if (!url?.startsWith("file:")) {
    throw new EngineError("P1013", "The datasource url must start with file: (SQLite) or postgresql://");
  }
  const rest = url.slice("file:".length).split("?")[0] ?? "";
  return path.resolve(rest.startsWith("//") ? rest.slice(2) : rest);
}

export const quoteIdent = (name) => `"${name.replaceAll('"', '""')}"`;

function pgDatabaseName(url) {
  return decodeURIComponent(new URL(url).pathname.slice(1)) || "postgres";
}

/** Another database on the same PostgreSQL server. */
export function pgWithDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

function pgError(err, url) {
  const u = new URL(url);
  const at = `${u.hostname}:${u.port || 5432}`;
  if (err?.code === "3D000") {
    return new EngineError(
      "P1003",
      `Database \`${pgDatabaseName(url)}\` does not exist on the database server at \`${at}\`.`,
    );
  }
  if (err?.code === "28P01" || err?.code === "28000") {
    return new EngineError(
      "P1000",
      `Authentication failed against the database server at \`${at}\`: ${err.message}`,
    );
  }
  if (err?.code) return err;
  return new EngineError("P1001", `Can't reach database server at \`${at}\`: ${err?.message ?? err}`);
}

/** Runs `fn` with a connected pg client; connection failures become P1000/P1001/P1003. */
export async function withPg(url, fn) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => {});
    throw pgError(err, url);
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** CREATE/DROP DATABASE must come from a connection to another database of the server. */
async function withPgMaintenance(url, fn) {
  try {
    return await withPg(pgWithDatabase(url, "postgres"), fn);
  } catch (err) {
    if (err?.code !== "P1003") throw err;
    return withPg(pgWithDatabase(url, "template1"), fn);
  }
}

/** Throws P1003 when the database does not exist (the CLI then creates it), P1001 when unreachable. */
export async function canConnect(url) {
  if (isPostgres(url)) return withPg(url, async () => {});
  const file = sqliteFile(url);
  if (!statSync(file, { throwIfNoEntry: false })) {
    throw new EngineError("P1003", `Database ${path.basename(file)} does not exist at ${file}`);
  }
}

/** Creates the database (for SQLite also its folder, e.g. data/ in a fresh clone); returns its name. */
export async function createDatabase(url) {
  if (isPostgres(url)) {
    const name = pgDatabaseName(url);
    await withPgMaintenance(url, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
    return name;
  }
  const file = sqliteFile(url);
  mkdirSync(path.dirname(file), { recursive: true });
  new Database(file).close();
  return path.basename(file);
}

/** Drops the database, disconnecting anyone still attached (PostgreSQL 13+). */
export async function dropDatabase(url) {
  if (isPostgres(url)) {
    const name = pgDatabaseName(url);
    await withPgMaintenance(url, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
    return;
  }
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(sqliteFile(url) + suffix, { force: true });
}

/**
 * Runs `fn` on `open`, the engine's own SQLite connection when it has one: the
 * engine puts it in exclusive locking mode, so a second connection could not
 * write until the engine exits. Otherwise on a connection of its own.
 */
function withSqlite(url, open, fn) {
  if (open) return fn(open);
  const db = new Database(sqliteFile(url));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/**
 * Empties a SQLite database: the wasm engine's reset leaves the tables in place.
 * Dropping every object and VACUUMing leaves an empty file, as the native engine
 * does, without deleting a file that a connection may still have open.
 */
export function resetSqlite(url, open) {
  withSqlite(url, open, (db) => {
    const foreignKeys = db.pragma("foreign_keys", { simple: true });
    db.pragma("foreign_keys = OFF");
    try {
      const objects = db
        .prepare(
          "SELECT type, name FROM sqlite_master WHERE type IN ('view', 'table') AND name NOT LIKE 'sqlite_%'",
        )
        .all();
      // Indexes and triggers go with their tables.
      for (const { type, name } of objects)
        db.exec(`DROP ${type.toUpperCase()} IF EXISTS ${quoteIdent(name)}`);
      db.exec("VACUUM");
    } finally {
      db.pragma(`foreign_keys = ${foreignKeys ? "ON" : "OFF"}`);
    }
  });
}

// The same table the engine creates on its first migration (checked against
// what it writes on both databases), for the commands that need it earlier.
const MIGRATIONS_TABLE = {
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`,
  postgresql: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`,
};

/** Creates `_prisma_migrations` if missing; returns whether it had to. */
export async function ensureMigrationsTable(url, openSqlite) {
  if (isPostgres(url)) {
    return withPg(url, async (c) => {
      const { rows } = await c.query("SELECT to_regclass('_prisma_migrations') IS NULL AS missing");
      if (rows[0].missing) await c.query(MIGRATIONS_TABLE.postgresql);
      return rows[0].missing;
    });
  }
  return withSqlite(url, openSqlite, (db) => {
    const missing = !db.prepare("SELECT 1 FROM sqlite_master WHERE name = '_prisma_migrations'").get();
    if (missing) db.exec(MIGRATIONS_TABLE.sqlite);
    return missing;
  });
}

export async function dropMigrationsTable(url, openSqlite) {
  const sql = 'DROP TABLE IF EXISTS "_prisma_migrations"';
  if (isPostgres(url)) await withPg(url, (c) => c.query(sql));
  else withSqlite(url, openSqlite, (db) => db.exec(sql));
}
