// Prisma's SQLite adapter opens every transaction with a plain (deferred) BEGIN.
// In WAL mode a deferred transaction that reads and then writes fails at once,
// with SQLITE_BUSY_SNAPSHOT (Prisma: "Operation has timed out"), when another
// connection committed in between: the busy timeout never applies to it. Our
// server is the only writer in production, but a script (seed, db-prepare) or a
// test's fixture writing the same file races it. BEGIN IMMEDIATE takes the write
// lock at the start, waiting up to the busy timeout like any other write, so a
// transaction either runs on current data or waits; it never fails half-way.
//
// It also tells listeners when a transaction has committed: the in-process
// revocation signal (lib/sessions/revocation-signal.ts) must not wake a reader
// before the row it announces is visible.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type Database from "better-sqlite3";

type Adapter = Awaited<ReturnType<PrismaBetterSqlite3["connect"]>>;

// On globalThis: the adapter and its listeners may come from different copies of this module.
const KEY = Symbol.for("hybrid-auth.sqlite-commit-listeners");
const shared = globalThis as typeof globalThis & { [KEY]?: Set<() => void> };
shared[KEY] ??= new Set();
const commitListeners = shared[KEY];

/** Runs `listener` after every committed transaction of this process; returns how to stop. */
export function onSqliteCommit(listener: () => void): () => void {
  commitListeners.add(listener);
  return () => commitListeners.delete(listener);
}

export function sqliteAdapter(file: string): PrismaBetterSqlite3 {
  const factory = new PrismaBetterSqlite3({ url: file });
  const connect = factory.connect.bind(factory);
  factory.connect = async (): Promise<Adapter> => {
    const adapter = await connect();
    // The adapter's better-sqlite3 handle (pinned version: 7.10.0 keeps it as `client`).
    const sqlite = (adapter as unknown as { client: Database.Database }).client;
    const prepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = ((source: string) =>
      prepare(source === "BEGIN" ? "BEGIN IMMEDIATE" : source)) as typeof sqlite.prepare;
    // Prisma runs COMMIT, then calls the transaction's commit() (which releases the adapter's lock).
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (...args) => {
      const tx = await startTransaction(...args);
      const commit = tx.commit.bind(tx);
      tx.commit = async () => {
        await commit();
        for (const listener of commitListeners) listener();
      };
      return tx;
    };
    return adapter;
  };
  return factory;
}
