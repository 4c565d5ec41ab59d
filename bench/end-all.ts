// Child of `npm run bench:admin`, once per database: seeds N sessions across N/50
// users into DATABASE_URL's fresh database, then times "end every session" (keeping
// one) while a stand-in for sign-ins writes a new session every 20 ms. Prints one
// table row: total time, batches, the longest single write transaction (a batch's
// delete; goal < 200 ms) and the slowest sign-in write meanwhile. Nothing asserted.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
execFileSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/db-prepare.ts"], {
  cwd: root,
  stdio: "ignore",
  env: process.env,
});
const TOTAL = Number(process.env.BENCH_SESSIONS ?? 100_000);
const LABEL = process.env.BENCH_LABEL ?? "?";
const USERS = Math.max(1, Math.floor(TOTAL / 50));

const { db } = await import("@/lib/db/client");
const { endEverySession } = await import("@/lib/sessions/end-all");
const { insertSession } = await import("@/lib/sessions/store");
const { median } = await import("./lib");

const now = Date.now();
const users = Array.from({ length: USERS }, (_, i) => ({
  id: `end-all-${i}`,
  email: `end${i}@bench.example`,
}));
for (let i = 0; i < users.length; i += 500) await db.user.createMany({ data: users.slice(i, i + 500) });
for (let i = 0; i < TOTAL; i += 1000) {
  await db.session.createMany({
    data: Array.from({ length: Math.min(1000, TOTAL - i) }, (_, j) => ({
      sessionToken: `${i + j}-${randomBytes(16).toString("hex")}`,
      userId: `end-all-${(i + j) % USERS}`,
      expires: new Date(now + 86_400_000 * 20),
      createdAt: new Date(now - 86_400_000),
      lastActiveAt: new Date(now - ((i + j) % 3600) * 1000),
    })),
  });
}
const kept = await db.session.findFirstOrThrow({ select: { id: true } });

// Sign-ins keep coming while it runs: each is one short write transaction.
const signIns: number[] = [];
let running = true;
const probe = (async () => {
  while (running) {
    const t = performance.now();
    await insertSession(db, { sessionToken: randomBytes(32).toString("base64url"), userId: "end-all-0" });
    signIns.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  }
})();

const started = performance.now();
const result = await endEverySession({ keepSessionId: kept.id, actorUserId: null });
const total = performance.now() - started;
running = false;
await probe;
console.log(
  `| ${LABEL} | ${result.count} | ${(total / 1000).toFixed(1)} s | ${result.batches} | ${result.longestBatchMs.toFixed(1)} ms | ${median(signIns).toFixed(1)} / ${Math.max(...signIns).toFixed(1)} ms (${signIns.length}) |`,
);
await db.$disconnect();
