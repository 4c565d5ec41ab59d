// Revocation lag at the edge, push (a held feed request) against the 1 s poll
// (REVOCATION_PUSH=off), in one run: one instance on SQLite, and two instances on
// one PostgreSQL database (the revocation made on one, measured on the same and
// on the other). Also how an instance's edge answers while 100,000 revocations
// land on PostgreSQL in a burst.
//
// Each trial: a fresh API session, its access token probed at the measured
// instance's edge every few ms (404 from Next while admitted, 401 from the edge
// once refused), then ended with DELETE /api/v1/sessions/{id} on the revoking
// instance at a random moment of the poll's second. Lag: from that DELETE's 204
// to the first 401. The revocation goes through the app, as in production: on
// SQLite only the server's own process can signal its feed.
//
// Run on its own (`npx tsx bench/revocation-push.ts [--quick]`, after `next build`)
// or from bench/run.ts.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { createThrowawayDatabase } from "@/lib/testing/throwaway-database";
import { percentile, sleep, startServer, stopServer, waitForHttp } from "./lib";

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules/.bin/tsx");
const nextBin = path.join(root, "node_modules/.bin/next");
const exec = promisify(execFile);
const SCOPE = "profile sessions:write";

type Env = (url: string) => NodeJS.ProcessEnv;
type Instance = { port: number; origin: string };
type ApiSession = { sid: string; tokens: Record<string, string> };

function serverEnv(dbEnv: Env, url: string, port: number, push: boolean): NodeJS.ProcessEnv {
  return {
    ...dbEnv(url),
    PORT: String(port),
    REVOCATION_FEED_ORIGIN: `http://127.0.0.1:${port}`,
    REVOCATION_PUSH: push ? "on" : "off",
    API_CLIENTS: JSON.stringify([{ id: "bench", name: "Benchmark", dpop: false, scopes: SCOPE.split(" ") }]),
  };
}

async function apiSessions(dbEnv: Env, url: string, n: number, instances: Instance[]) {
  const { stdout } = await exec(
    tsx,
    ["bench/sessions.ts", "api", String(n), ...instances.map((i) => i.origin)],
    {
      cwd: root,
      env: { ...dbEnv(url), BENCH_API_SCOPE: SCOPE, API_CLIENTS: serverEnv(dbEnv, url, 0, true).API_CLIENTS },
      maxBuffer: 16 << 20,
    },
  );
  return JSON.parse(stdout) as ApiSession[];
}

async function probe(at: Instance, token: string): Promise<number> {
  const res = await fetch(`${at.origin}/api/v1/bench-edge-probe`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await res.arrayBuffer();
  return res.status;
}

/** One lag per session: revoked on `by`, watched on `on`. */
async function lags(sessions: ApiSession[], on: Instance, by: Instance): Promise<number[]> {
  const out: number[] = [];
  for (const s of sessions) {
    const token = s.tokens[on.origin] ?? "";
    if ((await probe(on, token)) !== 404) throw new Error(`probe on ${on.port} refused a live session`);
    let refusedAt = Number.NaN;
    let revokedAt = Number.NaN;
    let stop = false;
    const watching = (async () => {
      while (!stop) {
        const status = await probe(on, token);
        if (status === 401 && !Number.isNaN(revokedAt)) {
          refusedAt = performance.now();
          return;
        }
        await sleep(2);
      }
    })();
    // Anywhere within the poll's second, so the poll's phase is not always the same.
    await sleep(200 + Math.random() * 1000);
    const res = await fetch(`${by.origin}/api/v1/sessions/${s.sid}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${s.tokens[by.origin]}` },
    });
    revokedAt = performance.now();
    if (res.status !== 204) throw new Error(`DELETE on ${by.port} answered ${res.status}`);
    const deadline = Date.now() + 15_000;
    while (Number.isNaN(refusedAt) && Date.now() < deadline) await sleep(5);
    stop = true;
    await watching;
    out.push(refusedAt - revokedAt);
  }
  return out;
}

/** Probe latencies (ms) at one instance's edge while `work` runs, with a live token. */
async function latencyDuring(at: Instance, token: string, work: Promise<unknown>): Promise<number[]> {
  let done = false;
  const times: number[] = [];
  const probing = (async () => {
    while (!done) {
      const started = performance.now();
      if ((await probe(at, token)) !== 404) throw new Error("a live session was refused during the burst");
      times.push(performance.now() - started);
      await sleep(5);
    }
  })();
  await work.finally(() => {
    done = true;
  });
  await probing;
  return times;
}

function start(dir: string, port: number, env: NodeJS.ProcessEnv) {
  return startServer(nextBin, ["start", "-p", String(port), "-H", "127.0.0.1"], dir, env);
}

const instance = (port: number): Instance => ({ port, origin: `http://127.0.0.1:${port}` });

export type PushBenchOptions = {
  /** A built app (`next build`) to start with `next start`. */
  dir: string;
  sqliteUrl: string;
  pgUrl: string | null;
  dbEnv: Env;
  trials: number;
  /** First of 6 consecutive free ports. */
  basePort: number;
};

export type LagRow = { label: string; push: number[]; poll: number[] };

export async function measureRevocationPush(o: PushBenchOptions) {
  const rows: LagRow[] = [];
  let burst: { rows: number; commits: number; probe: number[]; learnedMs: number } | null = null;
  const sq = { push: instance(o.basePort), poll: instance(o.basePort + 1) };
  const servers = [
    start(o.dir, sq.push.port, serverEnv(o.dbEnv, o.sqliteUrl, sq.push.port, true)),
    start(o.dir, sq.poll.port, serverEnv(o.dbEnv, o.sqliteUrl, sq.poll.port, false)),
  ];
  const pg = {
    push: [instance(o.basePort + 2), instance(o.basePort + 3)] as const,
    poll: [instance(o.basePort + 4), instance(o.basePort + 5)] as const,
  };
  if (o.pgUrl)
    for (const [mode, pair] of Object.entries(pg))
      for (const i of pair)
        servers.push(start(o.dir, i.port, serverEnv(o.dbEnv, o.pgUrl, i.port, mode === "push")));
  try {
    for (const s of [sq.push, sq.poll, ...(o.pgUrl ? [...pg.push, ...pg.poll] : [])])
      await waitForHttp(`${s.origin}/`, 120_000);
    const sqSessions = await apiSessions(o.dbEnv, o.sqliteUrl, 2 * o.trials, [sq.push, sq.poll]);
    rows.push({
      label: "SQLite, same instance",
      push: await lags(sqSessions.slice(0, o.trials), sq.push, sq.push),
      poll: await lags(sqSessions.slice(o.trials), sq.poll, sq.poll),
    });
    if (o.pgUrl) {
      const all = [...pg.push, ...pg.poll];
      const ss = await apiSessions(o.dbEnv, o.pgUrl, 4 * o.trials, all);
      const part = (i: number) => ss.slice(i * o.trials, (i + 1) * o.trials);
      rows.push({
        label: "PostgreSQL, same instance",
        push: await lags(part(0), pg.push[0], pg.push[0]),
        poll: await lags(part(1), pg.poll[0], pg.poll[0]),
      });
      rows.push({
        label: "PostgreSQL, across two instances",
        push: await lags(part(2), pg.push[0], pg.push[1]),
        poll: await lags(part(3), pg.poll[0], pg.poll[1]),
      });
      // A burst written straight to the database (another process: the "other instance").
      const [live, last] = await apiSessions(o.dbEnv, o.pgUrl, 2, all);
      if (!live || !last) throw new Error("no bench session");
      const at = pg.push[0];
      const total = 100_000;
      const commits = 20;
      let learnedMs = Number.NaN;
      const started = performance.now();
      const work = exec(tsx, ["bench/sessions.ts", "burst", String(total), String(commits), last.sid], {
        cwd: root,
        env: o.dbEnv(o.pgUrl),
      }).then(async () => {
        // The burst's last commit ends `last`: how long until this edge refuses it.
        const token = last.tokens[at.origin] ?? "";
        while ((await probe(at, token)) !== 401) await sleep(2);
        learnedMs = performance.now() - started;
      });
      const probeMs = await latencyDuring(at, live.tokens[at.origin] ?? "", work);
      burst = { rows: total, commits, probe: probeMs, learnedMs };
    }
  } finally {
    for (const s of servers) stopServer(s);
  }
  return { rows, burst };
}

export function revocationPushLines(r: Awaited<ReturnType<typeof measureRevocationPush>>): string[] {
  const ms = (xs: number[], p: number) => `${Math.round(percentile(xs, p))}`;
  const max = (xs: number[]) => `${Math.round(Math.max(...xs))}`;
  const triple = (xs: number[]) => `${ms(xs, 50)} / ${ms(xs, 95)} / ${max(xs)} ms`;
  const lines = [
    "| revocation lag at the edge (p50 / p95 / max) | push | poll (REVOCATION_PUSH=off) | goal |",
    "|---|---|---|---|",
  ];
  for (const row of r.rows)
    lines.push(
      `| ${row.label} (${row.push.length} sessions each) | ${triple(row.push)} | ${triple(row.poll)} | push p95 < 100 ms |`,
    );
  if (r.burst)
    lines.push(
      `| ${r.burst.rows.toLocaleString("en")} revocations in ${r.burst.commits} commits (PostgreSQL, another process) | edge probes meanwhile p50 / p99 / max ${ms(r.burst.probe, 50)} / ${ms(r.burst.probe, 99)} / ${max(r.burst.probe)} ms (${r.burst.probe.length} probes) | the burst's last revocation refused ${(r.burst.learnedMs / 1000).toFixed(2)} s after the burst began | the edge keeps answering |`,
    );
  return lines;
}

// Run directly: the repo's own build, fresh databases.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const quick = process.argv.includes("--quick");
  const SECRET = randomBytes(32).toString("base64url");
  const dbEnv: Env = (url) => ({
    ...process.env,
    DATABASE_URL: url,
    AUTH_SECRET: SECRET,
    NODE_ENV: "production",
  });
  const file = path.join(root, ".bench", "push.db");
  for (const s of ["", "-wal", "-shm"]) rmSync(file + s, { force: true });
  const sqliteUrl = `file:${file}`;
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const pgDb = server ? await createThrowawayDatabase(server, "hybrid_auth_bench") : null;
  const prepare = (url: string) => exec(tsx, ["scripts/db-prepare.ts"], { cwd: root, env: dbEnv(url) });
  await prepare(sqliteUrl);
  if (pgDb) await prepare(pgDb.url);
  try {
    const result = await measureRevocationPush({
      dir: root,
      sqliteUrl,
      pgUrl: pgDb?.url ?? null,
      dbEnv,
      trials: quick ? 10 : 30,
      basePort: Number(process.env.BENCH_PUSH_PORT ?? 4111),
    });
    for (const line of revocationPushLines(result)) console.log(line);
  } finally {
    await pgDb?.drop();
  }
}
