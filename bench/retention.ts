// Bench helper, run as a child process against DATABASE_URL:
//   tsx bench/retention.ts ROWS -> JSON: the sweep over ROWS expired rate-limiter
//   counters, ROWS expired DPoP proofs and ROWS/100 lapsed sessions: its total
//   time, its longest batch (the longest a write lock is held) and the latency of
//   session lookups made meanwhile in the same process (on SQLite the driver is
//   synchronous, so a lookup waits for the batch under way).
import { performance } from "node:perf_hooks";
import { db } from "@/lib/db/client";
import { sweep } from "@/lib/retention/sweep";
import { findSessionByToken, insertSession } from "@/lib/sessions/store";
import { newSessionToken } from "@/lib/sessions/token";
import { percentile } from "./lib";

const CHUNK = 5000;

async function fill(rows: number) {
  const past = new Date(Date.now() - 3600_000);
  for (let i = 0; i < rows; i += CHUNK) {
    const n = Math.min(CHUNK, rows - i);
    await db.rateLimiterFlexible.createMany({
      data: Array.from({ length: n }, (_, j) => ({ key: `bench-sweep:${i + j}`, points: 1, expire: past })),
    });
    await db.dpopProof.createMany({
      data: Array.from({ length: n }, (_, j) => ({ id: `bench-sweep-${i + j}`, expires: past })),
    });
  }
  const user = await db.user.upsert({
    where: { email: "bench-sweep@example.com" },
    create: { email: "bench-sweep@example.com" },
    update: {},
  });
  const sessions = Math.max(1, Math.floor(rows / 100));
  for (let i = 0; i < sessions; i += CHUNK) {
    const n = Math.min(CHUNK, sessions - i);
    await db.session.createMany({
      data: Array.from({ length: n }, () => ({
        sessionToken: newSessionToken(),
        userId: user.id,
        expires: past,
      })),
    });
  }
  const live = newSessionToken();
  await insertSession(db, { sessionToken: live, userId: user.id });
  return live;
}

async function main() {
  const rows = Number(process.argv[2] ?? 100_000);
  const filled = performance.now();
  const live = await fill(rows);
  const fillMs = performance.now() - filled;
  const batches: { table: string; ms: number }[] = [];
  let sweeping = true;
  const lookups: number[] = [];
  const reader = (async () => {
    while (sweeping) {
      const started = performance.now();
      if (!(await findSessionByToken(live))) throw new Error("the live session was swept");
      lookups.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  const started = performance.now();
  const removed = await sweep(new Date(), { onBatch: (table, ms) => batches.push({ table, ms }) });
  const totalMs = performance.now() - started;
  sweeping = false;
  await reader;
  return {
    rows,
    fillMs,
    totalMs,
    removed,
    batches: batches.length,
    maxBatchMs: Math.max(...batches.map((b) => b.ms)),
    slowestTable: batches.reduce((a, b) => (b.ms > a.ms ? b : a)).table,
    lookupP50Ms: percentile(lookups, 50),
    lookupP99Ms: percentile(lookups, 99),
    lookupMaxMs: Math.max(...lookups),
    lookups: lookups.length,
  };
}

main()
  .then((r) => console.log(JSON.stringify(r)))
  .finally(() => db.$disconnect());
