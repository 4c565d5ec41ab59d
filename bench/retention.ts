// Bench helper, run as a child process against DATABASE_URL:
//   tsx bench/retention.ts ROWS -> JSON: the sweep over ROWS expired rate-limiter
//   counters, ROWS expired DPoP proofs and ROWS/100 lapsed sessions: its total
//   time, its longest batch (the longest a write lock is held), and the latency of
//   session lookups and of sign-ins (limiter, bcrypt on the pool, the session's
//   transaction: everything but the cookies) made meanwhile in the same process
//   (on SQLite the driver is synchronous, so each waits for the batch under way).
import { performance } from "node:perf_hooks";
import { checkPassword } from "@/lib/auth/check-password";
import { hashPassword } from "@/lib/auth/password";
import { openSession } from "@/lib/auth/sign-in";
import { db } from "@/lib/db/client";
import { sweep } from "@/lib/retention/sweep";
import { findSessionByToken, insertSession } from "@/lib/sessions/store";
import { newSessionToken } from "@/lib/sessions/token";
import { SIGN_IN_USER } from "@/lib/users/sign-in-user";
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

const SIGN_IN_PASSWORD = "bench sweep sign-in passphrase";

/** One sign-in as the app does it, from an address of its own so no limit is reached. */
async function signInner() {
  const email = "bench-sweep-sign-in@example.com";
  const hash = await hashPassword(SIGN_IN_PASSWORD);
  const user = await db.user.create({ data: { email, passwordHash: hash }, select: SIGN_IN_USER });
  let n = 0;
  return async () => {
    n++;
    const client = { ip: `10.9.${(n >> 8) & 255}.${n & 255}`, userAgent: "bench", deviceLabel: "bench" };
    const check = await checkPassword({
      key: email,
      client,
      password: SIGN_IN_PASSWORD,
      hash,
      userId: user.id,
    });
    if (!check.ok) throw new Error(`a sign-in was refused: ${check.reason}`);
    if (!(await openSession(user, client))) throw new Error("a sign-in opened no session");
  };
}

/** Runs `op` over and over until `stop()` says so, 5 ms apart; returns each one's milliseconds. */
function timedLoop(op: () => Promise<unknown>, stop: () => boolean) {
  const times: number[] = [];
  const done = (async () => {
    while (!stop()) {
      const started = performance.now();
      await op();
      times.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  return { times, done };
}

async function main() {
  const rows = Number(process.argv[2] ?? 100_000);
  const filled = performance.now();
  const live = await fill(rows);
  const fillMs = performance.now() - filled;
  const signIn = await signInner();
  const batches: { table: string; ms: number }[] = [];
  let sweeping = true;
  const lookup = async () => {
    if (!(await findSessionByToken(live))) throw new Error("the live session was swept");
  };
  const lookups = timedLoop(lookup, () => !sweeping);
  const signIns = timedLoop(signIn, () => !sweeping);
  const started = performance.now();
  const removed = await sweep(new Date(), { onBatch: (table, ms) => batches.push({ table, ms }) });
  const totalMs = performance.now() - started;
  sweeping = false;
  await Promise.all([lookups.done, signIns.done]);
  return {
    rows,
    fillMs,
    totalMs,
    removed,
    batches: batches.length,
    maxBatchMs: Math.max(...batches.map((b) => b.ms)),
    slowestTable: batches.reduce((a, b) => (b.ms > a.ms ? b : a)).table,
    lookupP50Ms: percentile(lookups.times, 50),
    lookupP99Ms: percentile(lookups.times, 99),
    lookupMaxMs: Math.max(...lookups.times),
    lookups: lookups.times.length,
    signInP50Ms: percentile(signIns.times, 50),
    signInP99Ms: percentile(signIns.times, 99),
    signInMaxMs: Math.max(...signIns.times),
    signIns: signIns.times.length,
  };
}

main()
  .then((r) => console.log(JSON.stringify(r)))
  .finally(() => db.$disconnect());
