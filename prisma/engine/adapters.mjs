// Driver adapter factories for the wasm engine: connections to the real
// database, and on request a throwaway "shadow" database that `migrate dev` and
// `migrate diff` replay the migrations into (a temp file on SQLite, a new
// database on the same server on PostgreSQL), deleted when the engine disposes
// of it. Each patches what the stock adapters get wrong for migrations.
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { createDatabase, dropDatabase, isPostgres, pgWithDatabase, sqliteFile } from "./database.mjs";

/**
 * The factory for `datasource` ({ url, shadowDatabaseUrl? } from prisma.config.ts),
 * wrapped so that every call returns `{ ok, value | error }` as the engine expects.
 * A `scratch` factory's database is a throwaway too, deleted when the process ends.
 */
export function adapterFactory({ url, shadowDatabaseUrl }, { scratch = false } = {}) {
  const connect = isPostgres(url) ? connectPostgres : connectSqlite;
  const factory = {
    provider: isPostgres(url) ? "postgres" : "sqlite",
    adapterName: isPostgres(url) ? "@prisma/adapter-pg" : "@prisma/adapter-better-sqlite3",
    connect: async () => track(await connect(url), scratch ? { dropOnDispose: url } : { real: true }),
    async connectToShadowDb() {
      shadowsOpened++;
      if (shadowDatabaseUrl) return track(await connect(shadowDatabaseUrl));
      const shadowUrl = isPostgres(url)
        ? pgWithDatabase(url, `prisma_shadow_${randomBytes(6).toString("hex")}`)
        : scratchSqliteUrl();
      await createDatabase(shadowUrl);
      return track(await connect(shadowUrl), { dropOnDispose: shadowUrl });
    },
  };
  return bindMigrationAwareSqlAdapterFactory(factory);
}

/** A SQLite file for throwaway use: a file rather than :memory:, so it behaves like the real one. */
export function scratchSqliteUrl() {
  return `file:${path.join(tmpdir(), `prisma-shadow-${randomBytes(6).toString("hex")}.db`)}`;
}

/**
 * Errors the adapter could not classify reach the engine as "External error id#N";
 * put the driver's own message (e.g. "Cannot open database because the directory
 * does not exist") in its place.
 */
export function withDriverMessage(err, boundFactory) {
  const id = /External error id#(\d+)/.exec(err?.message ?? "")?.[1];
  const cause = id === undefined ? undefined : boundFactory.errorRegistry.consumeError(Number(id))?.error;
  if (cause) err.message = err.message.replace(`External error id#${id}`, String(cause.message ?? cause));
  return err;
}

// Bookkeeping ------------------------------------------------------------------

/** Connections handed to the engine and not disposed of yet. */
const open = new Set();
/** Throwaway databases not dropped yet, each with the function that drops it. */
const throwaway = new Map();
let shadowsOpened = 0;

/** How many shadow databases the engine has asked for in this process. */
export const shadowDatabasesOpened = () => shadowsOpened;

/** `real`: a connection to the configured database (not a shadow or scratch one). */
function track(adapter, { real = false, dropOnDispose } = {}) {
  open.add(adapter);
  adapter.isRealDatabase = real;
  if (dropOnDispose) {
    let dropped;
    throwaway.set(dropOnDispose, () => {
      dropped ??= dropDatabase(dropOnDispose).finally(() => throwaway.delete(dropOnDispose));
      return dropped;
    });
  }
  const dispose = adapter.dispose.bind(adapter);
  adapter.dispose = async () => {
    open.delete(adapter);
    try {
      await dispose();
    } finally {
      await throwaway.get(dropOnDispose)?.();
    }
  };
  return adapter;
}

/** The better-sqlite3 handle of the engine's connection to the real database, if open. */
export function engineSqliteConnection() {
  for (const adapter of open)
    if (adapter.provider === "sqlite" && adapter.isRealDatabase) return adapter.client;
  return undefined;
}

/**
 * Closes what the engine left open, before the process exits: a SQLite connection
 * in exclusive locking mode (the engine sets it) leaves its journal file behind
 * unless closed, and a shadow database would outlive an error.
 */
export async function closeConnections() {
  await Promise.allSettled([...open].map((adapter) => adapter.dispose()));
  await Promise.allSettled([...throwaway.values()].map((drop) => drop()));
}

// SQLite -----------------------------------------------------------------------

async function connectSqlite(url) {
  const adapter = await new PrismaBetterSqlite3({ url: sqliteFile(url) }).connect();
  // The engine replays migrations into the shadow database through executeRaw
  // with the whole script, and better-sqlite3's prepare() takes one statement
  // ("The supplied SQL string contains more than one statement"). Scripts have
  // no parameters: hand those to exec(), which runs any number of statements.
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (err) {
      if (!(err instanceof RangeError) || query.args.length > 0) throw err;
      try {
        adapter.client.exec(query.sql);
      } catch (execErr) {
        adapter.onError(execErr); // throws the adapter's usual error, with the SQLite code
      }
      return 0;
    }
  };
  return adapter;
}

// PostgreSQL -------------------------------------------------------------------

async function connectPostgres(url) {
  const adapter = await new PrismaPg({ connectionString: url, Client: TextTypesClient }).connect();
  // The stock executeScript splits the script at every ";", which breaks on a
  // ";" inside a string, comment or function body. PostgreSQL takes the whole
  // script as one simple query, which is also how the native engine sends it.
  adapter.executeScript = async (script) => {
    try {
      await adapter.underlyingDriver().query(script);
    } catch (err) {
      adapter.onError(err);
    }
  };
  return adapter;
}

// The engine's introspection queries select `"char"` columns (pg_class.relkind,
// pg_constraint.contype, pg_attribute.attidentity, ...), which the pg adapter
// rejects as an unsupported column type, and `name` columns. pg hands both over
// as plain strings, so describing them to the adapter as `text` is enough.
const TEXT_OID = 25;
const AS_TEXT = new Set([18 /* "char" */, 19 /* name */]);

function describeAsText(result) {
  for (const r of Array.isArray(result) ? result : [result]) {
    for (const field of r?.fields ?? []) if (AS_TEXT.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
  }
  return result;
}

/** pg.Client for the adapter's pool: results describe "char" and name columns as text. */
class TextTypesClient extends pg.Client {
  query(...args) {
    // pg.Pool#query passes a callback; the adapter's own queries use the promise.
    const cb = args.findLastIndex((a) => typeof a === "function");
    if (cb >= 0) {
      const done = args[cb];
      args[cb] = (err, res) => done(err, err ? res : describeAsText(res));
      return super.query(...args);
    }
    const out = super.query(...args);
    return typeof out?.then === "function" ? out.then(describeAsText) : out;
  }
}
