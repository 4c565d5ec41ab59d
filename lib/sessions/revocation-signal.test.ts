// The "something was revoked" signal on the suite's database (SQLite, or
// PostgreSQL with TEST_DB_PROVIDER=postgresql): it fires when the revocation is
// visible, reaches a waiter whatever connection wrote it, and a burst wakes a
// waiter once.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { databaseTarget } from "@/lib/db/url";
import { newSessionToken } from "@/lib/sessions/token";
import { createUser, testClient } from "@/lib/testing/factories";
import {
  announceRevocation,
  listenerReady,
  REVOCATION_CHANNEL,
  revocationSignals,
  revocationSince,
  stopRevocationListener,
} from "./revocation-signal";
import { endSessions, insertSession } from "./store";

const onPostgres = databaseTarget(process.env.DATABASE_URL).provider === "postgresql";
let user: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  user = await createUser();
  expect(await listenerReady()).toBe(true);
});

afterAll(async () => {
  await stopRevocationListener();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the revocation signal", () => {
  it("wakes a waiter when the revoking transaction commits, not before, and the row is visible then", async () => {
    const s = await insertSession(db, {
      sessionToken: newSessionToken(),
      userId: user.id,
      client: testClient,
    });
    let woken = false;
    let rowSeenWhenWoken: boolean | undefined;
    const waiter = revocationSince(Date.now() + 1, 10_000).then(async (signalled) => {
      woken = signalled;
      rowSeenWhenWoken = (await db.revokedSession.count({ where: { sessionId: s.id } })) === 1;
    });
    await db.$transaction(async (tx) => {
      await endSessions(tx, [s], "revoked", { action: "session.revoked" });
      // Long enough for a premature signal to have been delivered and acted on.
      await sleep(200);
      expect(woken).toBe(false);
    });
    await waiter;
    expect(woken).toBe(true);
    expect(rowSeenWhenWoken).toBe(true);
  });

  it("answers at once when a signal came after `since` but before the waiter arrived", async () => {
    const before = Date.now();
    await db.$transaction((tx) => announceRevocation(tx));
    // Wait for the notification to arrive (PostgreSQL delivers it asynchronously).
    await expect.poll(() => revocationSince(before, 0)).toBe(true);
    const started = performance.now();
    expect(await revocationSince(before, 10_000)).toBe(true);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("times out (false) when nothing is revoked", async () => {
    expect(await revocationSince(Date.now() + 1, 50)).toBe(false);
  });

  it("wakes a waiter once for a burst of commits, and keeps counting them", async () => {
    let wakes = 0;
    const waiter = revocationSince(Date.now() + 1, 10_000).then(() => {
      wakes++;
    });
    const before = revocationSignals();
    // 200 commits, 8 at a time (the pool's size bounds how many transactions run at once).
    for (let i = 0; i < 25; i++)
      await Promise.all(Array.from({ length: 8 }, () => db.$transaction((tx) => announceRevocation(tx))));
    await waiter;
    await expect.poll(() => revocationSignals() - before).toBeGreaterThanOrEqual(1);
    expect(wakes).toBe(1);
  });

  it.runIf(onPostgres)(
    "reaches this process from another connection (another instance) through LISTEN/NOTIFY",
    async () => {
      const other = new pg.Client({ connectionString: databaseTarget(process.env.DATABASE_URL).url });
      await other.connect();
      try {
        const waiter = revocationSince(Date.now() + 1, 10_000);
        await other.query("BEGIN");
        await other.query(`SELECT pg_notify('${REVOCATION_CHANNEL}', '')`);
        let early = false;
        void waiter.then(() => {
          early = true;
        });
        await sleep(200);
        expect(early).toBe(false); // not before the other connection commits
        await other.query("COMMIT");
        expect(await waiter).toBe(true);
      } finally {
        await other.end();
      }
    },
  );

  it.runIf(onPostgres)("reconnects after its LISTEN connection is killed", async () => {
    const killed = await db.$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity
       WHERE datname = current_database() AND query = 'LISTEN ${REVOCATION_CHANNEL}'`,
    );
    expect(Number(killed[0]?.n)).toBe(1);
    await expect.poll(() => listenerReady(0), { timeout: 15_000 }).toBe(true);
    const waiter = revocationSince(Date.now() + 1, 10_000);
    await db.$transaction((tx) => announceRevocation(tx));
    expect(await waiter).toBe(true);
  });
});
