import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { PrismaClient as SqliteClient } from "@/lib/generated/sqlite/client";
import { sqliteAdapter } from "./sqlite-adapter";

describe("an SQLite transaction that reads, then writes (WAL, as db-prepare sets it)", () => {
  it("holds the write lock from its start, so another connection's commit cannot fail it half-way", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "hybrid-auth-begin-"));
    const file = path.join(folder, "race.db");
    const setup = new Database(file);
    setup.pragma("journal_mode = WAL");
    setup.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'start');");
    setup.close();
    const client = new SqliteClient({ adapter: sqliteAdapter(file) });
    // Another process writing the same file (a script, a test's fixture), not waiting, to see the lock.
    const other = new Database(file, { timeout: 0 });
    let otherWrite = "not tried";
    try {
      await client.$transaction(async (tx) => {
        await tx.$queryRawUnsafe("SELECT v FROM t WHERE id = 1");
        try {
          other.prepare("UPDATE t SET v = 'other' WHERE id = 1").run();
          otherWrite = "committed";
        } catch (err) {
          otherWrite = (err as { code?: string }).code ?? String(err);
        }
        // After a deferred BEGIN, this write fails with SQLITE_BUSY_SNAPSHOT.
        await tx.$executeRawUnsafe("UPDATE t SET v = 'ours' WHERE id = 1");
      });
      expect(otherWrite).toBe("SQLITE_BUSY");
      expect(other.prepare("SELECT v FROM t WHERE id = 1").get()).toEqual({ v: "ours" });
    } finally {
      other.close();
      await client.$disconnect();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
