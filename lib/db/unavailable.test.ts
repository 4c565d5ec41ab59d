// The outage classifier against real failures: a PostgreSQL port nothing listens
// on (through pg and through Prisma's adapter), a connection the server ends
// (57P01, with TEST_DB_PROVIDER=postgresql), an SQLite file that cannot be
// opened, and errors of a healthy database that must not count as an outage.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { db, driver } from "@/lib/db/client";
import { PrismaClient as PostgresClient } from "@/lib/generated/postgres/client";
import { PrismaClient as SqliteClient } from "@/lib/generated/sqlite/client";
import { type RequestState, runWithRequestState } from "@/lib/runtime/request-state";
import { createUser } from "@/lib/testing/factories";
import { freePort } from "@/lib/testing/free-port";
import { DATABASE_UNAVAILABLE_DIGEST } from "@/lib/ui/unavailable";
import { asOutage, DatabaseUnavailableError, isDatabaseUnavailable, markOutagesOf } from "./unavailable";

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (err) {
    return err;
  }
  throw new Error("expected a failure");
}

describe("an unreachable PostgreSQL server", () => {
  it("is an outage through pg", async () => {
    const pool = new pg.Pool({ connectionString: `postgresql://postgres@127.0.0.1:${await freePort()}/x` });
    const err = await failure(() => pool.query("SELECT 1"));
    await pool.end();
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it("is an outage through Prisma's driver adapter, for a query and for a transaction", async () => {
    const url = `postgresql://postgres@127.0.0.1:${await freePort()}/x`;
    const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) });
    try {
      expect(isDatabaseUnavailable(await failure(() => client.user.findFirst()))).toBe(true);
      expect(
        isDatabaseUnavailable(await failure(() => client.$transaction(async (tx) => tx.user.count()))),
      ).toBe(true);
    } finally {
      await client.$disconnect();
    }
  });
});

describe.runIf(driver.provider === "postgresql")("a connection the server ends", () => {
  it("is an outage (57P01, as in a fast shutdown or failover)", async () => {
    const url = process.env.DATABASE_URL as string;
    const victim = new pg.Client({ connectionString: url });
    await victim.connect();
    victim.on("error", () => {});
    const pid = (await victim.query("SELECT pg_backend_pid() AS pid")).rows[0].pid;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query("SELECT pg_terminate_backend($1)", [pid]);
    await admin.end();
    const err = await failure(() => victim.query("SELECT 1"));
    await victim.end().catch(() => {});
    expect(isDatabaseUnavailable(err)).toBe(true);
  });
});

describe("an SQLite file that cannot be opened", () => {
  it("is an outage", async () => {
    // A folder where the file should be: SQLITE_CANTOPEN, as for a lost volume or a permission change.
    const folder = mkdtempSync(path.join(tmpdir(), "hybrid-auth-not-a-db-"));
    const client = new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: `file:${folder}` }) });
    const err = await failure(() => client.user.findFirst());
    await client.$disconnect().catch(() => {});
    rmSync(folder, { recursive: true, force: true });
    expect((err as { code?: string }).code).toBe("SQLITE_CANTOPEN");
    expect(isDatabaseUnavailable(err)).toBe(true);
  });
});

describe("errors of a database that answers", () => {
  it("are not an outage: a unique violation, a syntax error, a missing table", async () => {
    const user = await createUser();
    const duplicate = await failure(() =>
      db.user.create({ data: { email: user.email, name: "x", passwordHash: "x" } }),
    );
    expect((duplicate as { code?: string }).code).toBe("P2002");
    expect(isDatabaseUnavailable(duplicate)).toBe(false);
    expect(isDatabaseUnavailable(await failure(() => db.$queryRawUnsafe("SELEC 1")))).toBe(false);
    expect(
      isDatabaseUnavailable(await failure(() => db.$queryRawUnsafe("SELECT * FROM no_such_table"))),
    ).toBe(false);
    expect(isDatabaseUnavailable(new Error("Connection refused by policy"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});

describe("asOutage", () => {
  it("turns an outage into an error whose digest survives production, and leaves others alone", async () => {
    const pool = new pg.Pool({ connectionString: `postgresql://postgres@127.0.0.1:${await freePort()}/x` });
    const refused = await failure(() => pool.query("SELECT 1"));
    await pool.end();
    const outage = asOutage(refused);
    expect(outage).toBeInstanceOf(DatabaseUnavailableError);
    expect((outage as DatabaseUnavailableError).digest).toBe(DATABASE_UNAVAILABLE_DIGEST);
    // Wrapped once only, and recognised again further up.
    expect(asOutage(outage)).toBe(outage);
    const bug = new TypeError("x is undefined");
    expect(asOutage(bug)).toBe(bug);
  });
});

describe("markOutagesOf", () => {
  it("marks the request whose query found the database unreachable, and only that one", async () => {
    const refused = new pg.Pool({
      connectionString: `postgresql://postgres@127.0.0.1:${await freePort()}/x`,
    });
    markOutagesOf(refused);
    const failing: RequestState = { databaseUnavailable: false };
    const other: RequestState = { databaseUnavailable: false };
    const err = await runWithRequestState(failing, () => failure(() => refused.query("SELECT 1")));
    await runWithRequestState(other, async () => {});
    await refused.end();
    // The caller still gets the driver's own error.
    expect((err as { code?: string }).code).toBe("ECONNREFUSED");
    expect(failing.databaseUnavailable).toBe(true);
    expect(other.databaseUnavailable).toBe(false);
  });

  it.runIf(driver.provider === "postgresql")(
    "leaves a request alone whose queries fail for other reasons",
    async () => {
      const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
      markOutagesOf(pool);
      const state: RequestState = { databaseUnavailable: false };
      await runWithRequestState(state, () => failure(() => pool.query("SELEC 1")));
      await pool.end();
      expect(state.databaseUnavailable).toBe(false);
    },
  );
});
