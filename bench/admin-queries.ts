// npm run bench:admin [-- --sessions N]
// Seeds N sessions (default 100,000) across 2,000 users in a fresh SQLite database
// and times each admin page's data query: median and worst of 15 runs.
// Goal: <= 50 ms per query on SQLite. Then "end every session" over N sessions
// (bench/end-all.ts) on SQLite and, when BENCH_DATABASE_URL or TEST_DATABASE_URL
// names a PostgreSQL server, on a throwaway database there.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const file = path.join(root, ".bench/admin.db");
for (const s of ["", "-wal", "-shm"]) rmSync(file + s, { force: true });
process.env.DATABASE_URL = `file:${file}`;
process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
execFileSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/db-prepare.ts"], {
  cwd: root,
  stdio: "ignore",
  env: process.env,
});

const flag = process.argv.indexOf("--sessions");
const TOTAL = flag > 0 ? Number(process.argv[flag + 1]) : 100_000;
const USERS = Math.max(1, Math.floor(TOTAL / 50));

const { db } = await import("@/lib/db/client");
const { decodeCursor } = await import("@/lib/admin/cursor");
const { findAccounts, listAllSessions, listAuditEvents } = await import("@/lib/admin/queries");
const { median } = await import("./lib");

const started = Date.now();
const now = Date.now();
const users = Array.from({ length: USERS }, (_, i) => ({
  id: `bench-user-${i}`,
  email: `user${i}@bench.example`,
}));
for (let i = 0; i < users.length; i += 500) await db.user.createMany({ data: users.slice(i, i + 500) });
for (let i = 0; i < TOTAL; i += 1000) {
  await db.session.createMany({
    data: Array.from({ length: Math.min(1000, TOTAL - i) }, (_, j) => {
      const n = i + j;
      return {
        sessionToken: `${n}-${randomBytes(16).toString("hex")}`,
        userId: `bench-user-${n % USERS}`,
        expires: new Date(now + 86_400_000 * 20),
        lastActiveAt: new Date(now - (n % 500_000) * 1000),
        createdAt: new Date(now - 86_400_000),
        deviceLabel: "Chrome on macOS",
        ip: "203.0.113.1",
      };
    }),
  });
  await db.auditEvent.createMany({
    data: Array.from({ length: Math.min(1000, TOTAL - i) }, (_, j) => ({
      action: j % 3 ? "session.created" : "login.failed",
      targetUserId: `bench-user-${(i + j) % USERS}`,
      createdAt: new Date(now - (i + j) * 1000),
    })),
  });
}
console.log(
  `admin bench: seeded ${TOTAL} sessions, ${TOTAL} audit events, ${USERS} users in ${Date.now() - started} ms`,
);

async function time(name: string, fn: () => Promise<unknown>) {
  await fn();
  const runs: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    await fn();
    runs.push(performance.now() - t);
  }
  const m = median(runs);
  console.log(
    `| ${name} | ${m.toFixed(1)} ms | ${Math.max(...runs).toFixed(1)} ms | ${m <= 50 ? "yes" : "NO"} |`,
  );
}

const first = await listAllSessions({});
const deep = await listAllSessions({ after: decodeCursor(first.next) });
console.log("");
console.log(`| query (${TOTAL} sessions, SQLite) | median | worst | <= 50 ms |`);
console.log("|---|---|---|---|");
await time("sessions, first page", () => listAllSessions({}));
await time("sessions, next page", () => listAllSessions({ after: decodeCursor(deep.next) }));
await time("sessions, filter by email", () => listAllSessions({}, "user42@"));
await time("accounts matching the filter", () => findAccounts("user42@"));
await time("audit log, first page", () => listAuditEvents({}, {}));
await time("audit log, filter by action", () => listAuditEvents({}, { action: "login.failed" }));
await time("audit log, filter by user", () => listAuditEvents({}, { email: "user42@" }));
await db.$disconnect();

const endAllFile = path.join(root, ".bench/end-all.db");
const pgServer = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const { createThrowawayDatabase } = await import("@/lib/testing/throwaway-database");
const endAll = (label: string, url: string) =>
  execFileSync(path.join(root, "node_modules/.bin/tsx"), ["bench/end-all.ts"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, DATABASE_URL: url, BENCH_LABEL: label, BENCH_SESSIONS: String(TOTAL) },
  });
console.log("");
console.log(
  "| end every session | sessions ended | total | batches | longest write transaction (goal < 200 ms) | sign-in writes meanwhile: median / worst (count) |",
);
console.log("|---|---|---|---|---|---|");
for (const s of ["", "-wal", "-shm"]) rmSync(endAllFile + s, { force: true });
endAll("SQLite", `file:${endAllFile}`);
if (pgServer) {
  const pgDb = await createThrowawayDatabase(pgServer, "bench_end_all");
  try {
    endAll("PostgreSQL", pgDb.url);
  } finally {
    await pgDb.drop();
  }
} else console.log("| PostgreSQL | skipped: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) | | | | |");
