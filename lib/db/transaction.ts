// Code that must write atomically takes a client that may already be a
// transaction (the caller's), so a caller can fold it into a larger one.
import { type Db, type DbTx, db } from "./client";

/**
 * Runs `fn` atomically: in a new transaction on the shared client, or directly on
 * `client` when it is a transaction client already. Opening a second transaction
 * from inside one would commit on its own (PostgreSQL) or wait for the first to
 * end (SQLite's single writer), so never call `db.$transaction` under a caller's.
 */
export function inTransaction<T>(client: DbTx, fn: (tx: DbTx) => Promise<T>): Promise<T> {
  return client === db ? (client as Db).$transaction(fn) : fn(client);
}
