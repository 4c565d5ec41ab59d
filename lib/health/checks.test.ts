// Readiness and liveness on the test database (SQLite, or PostgreSQL with
// TEST_DB_PROVIDER=postgresql): what passes, what fails and how it says so.
import { type AddressInfo, createServer, type Socket } from "node:net";
import { PrismaPg } from "@prisma/adapter-pg";
import { describe, expect, it } from "vitest";
import { type Db, db } from "@/lib/db/client";
import { STALE_AFTER_MS } from "@/lib/edge/revocations";
import { PrismaClient as PostgresClient } from "@/lib/generated/postgres/client";
import { beginShutdown } from "@/lib/runtime/lifecycle";
import { checkDatabase, checkMigrations, checkRevocationFeed, liveness, readiness } from "./checks";

describe("readiness", () => {
  it("passes on a migrated database whose feed just answered, with each check's time", async () => {
    const report = await readiness(String(Date.now()));
    expect(report.status).toBe("pass");
    expect(Object.keys(report.checks)).toEqual(["shutdown", "database", "migrations", "revocationFeed"]);
    for (const check of Object.values(report.checks)) {
      expect(check.status).toBe("pass");
      expect(Number.isNaN(Date.parse(check.time))).toBe(false);
    }
  });

  it("fails the migrations check while a committed migration is not applied", async () => {
    const [last] = await db.$queryRawUnsafe<{ id: string; migration_name: string }[]>(
      "SELECT id, migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1",
    );
    expect(last).toBeDefined();
    // As a database that has not run the newest migration yet would look; put back afterwards.
    await db.$executeRaw`UPDATE _prisma_migrations SET finished_at = NULL WHERE id = ${last?.id}`;
    try {
      expect(await checkMigrations()).toMatchObject({
        status: "fail",
        detail: "1 migration not applied (run the migrations)",
      });
    } finally {
      await db.$executeRaw`UPDATE _prisma_migrations SET finished_at = started_at WHERE id = ${last?.id}`;
    }
    expect((await checkMigrations()).status).toBe("pass");
  });

  it("fails a database that accepts connections but does not answer, within the timeout", async () => {
    // A host that takes the TCP connection and says nothing: a hung server or a black-holed route.
    const held = new Set<Socket>();
    const silent = createServer((socket) => held.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as AddressInfo;
    const client = new PostgresClient({
      adapter: new PrismaPg({ connectionString: `postgresql://postgres@127.0.0.1:${port}/x` }),
    }) as unknown as Db;
    try {
      expect(await checkDatabase(300, client)).toMatchObject({
        status: "fail",
        detail: "timed out after 300 ms",
      });
    } finally {
      silent.close();
      for (const socket of held) socket.destroy();
      await client.$disconnect().catch(() => {});
    }
  });

  it("trusts the revocation feed only within the edge's staleness bound", () => {
    const now = Date.parse("2026-12-01T00:00:10.000Z");
    expect(checkRevocationFeed(String(now - STALE_AFTER_MS), now).status).toBe("pass");
    expect(checkRevocationFeed(String(now - STALE_AFTER_MS - 1), now)).toMatchObject({
      status: "fail",
      detail: "silent since 2026-12-01T00:00:04.999Z",
    });
    expect(checkRevocationFeed("never", now).status).toBe("fail");
    expect(checkRevocationFeed(null, now).status).toBe("fail");
    expect(checkRevocationFeed("forged", now).status).toBe("fail");
  });

  // Last: the shutdown flag stays set for this process.
  it("fails as soon as a shutdown begins, while liveness still passes", async () => {
    beginShutdown(Date.parse("2026-12-01T00:00:00.000Z"));
    const report = await readiness(String(Date.now()));
    expect(report.status).toBe("fail");
    expect(report.checks.shutdown).toMatchObject({
      status: "fail",
      detail: "shutting down since 2026-12-01T00:00:00.000Z",
    });
    // Nothing waits on the database: a balancer's check gets its 503 at once.
    expect(report.checks.database).toMatchObject({ status: "fail", detail: "not checked: shutting down" });
    expect(liveness()).toMatchObject({ status: "pass", shuttingDown: true });
  });
});
