// npm run bench [-- --quick] [--rounds=N] [--rows=a,b]
// Builds the app in four middleware variants, serves them side by side on
// fresh databases, and measures every row in interleaved rounds with wrk. Prints
// medians and a Markdown table of ratios. Numbers are printed, never asserted.
// --rows keeps the rows whose names contain one of the words and skips every
// other measurement: one pair, many rounds, to settle a ratio that swings.
import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { startOtlpReceiver } from "@/lib/testing/otlp-receiver";
import { createThrowawayDatabase } from "@/lib/testing/throwaway-database";
import { apiRevocationLag, refreshRate, verifyCostUs } from "./api";
import { measureRefresh, newDeviceKey, refreshLines } from "./dbsc-refresh";
import {
  hasWrk,
  median,
  percentile,
  sleep,
  startServer,
  stopServer,
  untilAnswers,
  waitForHttp,
  wrk,
} from "./lib";
import { measureRevocationPush, revocationPushLines } from "./revocation-push";
import { measureSignInLoad, signInLoadLines } from "./sign-in-load";

const root = path.resolve(import.meta.dirname, "..");
const work = path.join(root, ".bench");
const quick = process.argv.includes("--quick");
const SECONDS = quick ? 2 : 4;
const option = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const ROUNDS = Number(option("rounds") ?? (quick ? 3 : 20));
const onlyRows = option("rows")
  ?.split(",")
  .map((w) => w.trim().toLowerCase())
  .filter(Boolean);
const SECRET = randomBytes(32).toString("base64url");
const nextBin = path.join(root, "node_modules/.bin/next");
const tsx = path.join(root, "node_modules/.bin/tsx");
const exec = promisify(execFile);

/**
 * The page gate's build served three more ways: by the barest custom server (Next's
 * API only) and by ours (what `npm start` runs: request ids, the request-duration
 * histogram, log lines at LOG_LEVEL=info), both loaded through tsx as `npm start`
 * is; then ours again with traces exported by OTLP to a receiver in this process.
 * Ours against the bare one is what metrics and logs (and the rest of our server's
 * own work) cost; both against `next start` show what the loader and Next's
 * custom-server API cost.
 */
const OPS_ROWS = {
  bare: "page: our edge gate, bare custom server (metrics and logs off)",
  on: "page: our edge gate, our server (metrics and logs on)",
  traced: "page: our edge gate, our server + traces (OTLP to a local receiver)",
} as const;

/**
 * /api/v1/me with no middleware, with middleware that does nothing (what any
 * edge gate pays on this runtime), and through the edge's JWT and revocation check.
 */
const API_ROWS = {
  none: "API /api/v1/me: no middleware",
  noop: "API /api/v1/me: no-op middleware",
  edge: "API /api/v1/me: our edge check",
} as const;

type Variant = "plain" | "noop" | "edge" | "authjs";
const VARIANTS: Variant[] = ["plain", "noop", "edge", "authjs"];

/** A copy of the app inside the repo (so node_modules resolves by walking up) with the variant's middleware. */
function buildVariant(v: Variant): string {
  const dir = path.join(work, `app-${v}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const f of [
    "app",
    "lib",
    "prisma",
    "next.config.ts",
    "instrumentation.ts",
    "tsconfig.json",
    "package.json",
    "postcss.config.mjs",
  ]) {
    cpSync(path.join(root, f), path.join(dir, f), { recursive: true });
  }
  const middleware = {
    plain: "bench/variants/plain.middleware.ts",
    noop: "bench/variants/noop.middleware.ts",
    edge: "middleware.ts",
    authjs: "bench/variants/authjs.middleware.ts",
  }[v];
  cpSync(path.join(root, middleware), path.join(dir, "middleware.ts"));
  // The copy is code npm test type-checks already: checking it again cost a tsc run per
  // variant, and failed whenever a test imported a folder the copy leaves out (CI failed
  // so twice: a test importing prisma/seed, another importing examples/).
  cpSync(path.join(root, "next.config.ts"), path.join(dir, "next.base.config.ts"));
  writeFileSync(
    path.join(dir, "next.config.ts"),
    'import base from "./next.base.config";\n\nexport default { ...base, typescript: { ignoreBuildErrors: true } };\n',
  );
  cpSync(path.join(root, "bench/variants/bench-layout.tsx"), path.join(dir, "app/layout.tsx"));
  const pages = path.join(dir, "app/(app)/dashboard");
  mkdirSync(path.join(pages, "bench"), { recursive: true });
  for (const [page, source] of [
    ["bench", "bench-page.tsx"],
    ["bench-db", "bench-db-page.tsx"],
    ["bench-auth", "bench-auth-page.tsx"],
  ] as const) {
    mkdirSync(path.join(pages, page), { recursive: true });
    cpSync(path.join(root, "bench/variants", source), path.join(pages, page, "page.tsx"));
  }
  execFileSync(nextBin, ["build"], {
    cwd: dir,
    stdio: "ignore",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  return dir;
}

function dbEnv(url: string) {
  return {
    ...process.env,
    DATABASE_URL: url,
    AUTH_SECRET: SECRET,
    NODE_ENV: "production" as const,
    // An API client without DPoP, so wrk can send its tokens as plain Bearer headers.
    API_CLIENTS: JSON.stringify([{ id: "bench", name: "Benchmark", dpop: false, scopes: ["profile"] }]),
  };
}

async function sessions(url: string, n: number, ttl = 7200) {
  const { stdout } = await exec(tsx, ["bench/sessions.ts", "make", String(n), String(ttl)], {
    cwd: root,
    env: dbEnv(url),
  });
  return JSON.parse(stdout) as { sid: string; cookie: string; edgeCookie: string; authjsCookie: string }[];
}

async function helper<T = { at: number }>(url: string, ...args: string[]): Promise<T> {
  const { stdout } = await exec(tsx, ["bench/sessions.ts", ...args], { cwd: root, env: dbEnv(url) });
  return JSON.parse(stdout) as T;
}

/** The retention sweep on a database of its own (bench/retention.ts), so its rows touch no other row. */
async function sweepOver(rows: number) {
  const file = path.join(work, "sweep.db");
  for (const s of ["", "-wal", "-shm"]) rmSync(file + s, { force: true });
  const url = `file:${file}`;
  prepare(url);
  const { stdout } = await exec(tsx, ["bench/retention.ts", String(rows)], {
    cwd: root,
    env: dbEnv(url),
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout) as {
    rows: number;
    totalMs: number;
    batches: number;
    maxBatchMs: number;
    lookupP50Ms: number;
    lookupP99Ms: number;
    signInP50Ms: number;
    signInP99Ms: number;
    signIns: number;
  };
}

function prepare(url: string) {
  execFileSync(tsx, ["scripts/db-prepare.ts"], { cwd: root, env: dbEnv(url), stdio: "ignore" });
}

async function postgresDatabase() {
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  return server ? createThrowawayDatabase(server, "hybrid_auth_bench") : null;
}

type Row = {
  name: string;
  port: number;
  path: string;
  cookie?: string;
  authorization?: string;
  expect: number;
};

type CheckedDatabase = { label: string; port: number; cookie: string; goal: string };

/** The same page with no check, with the app's check, and with Auth.js's auth(): the same cookies, so only the check differs. */
const SESSION_CHECKS = {
  none: ["page, no session check", "bench"],
  check: ["page + the app's session check", "bench-db"],
  auth: ["page + Auth.js auth() (not used by the app)", "bench-auth"],
} as const;

function sessionCheckRows({ label, port, cookie }: CheckedDatabase): Row[] {
  return Object.values(SESSION_CHECKS).map(([name, page]) => ({
    name: `${label}: ${name}`,
    port,
    path: `/dashboard/${page}`,
    cookie,
    expect: 200,
  }));
}

const rowUrl = (row: Row) => `http://127.0.0.1:${row.port}${row.path}`;

/** The row answers as it will be measured (a server just started may take a moment: untilAnswers). */
async function check(row: Row) {
  try {
    await untilAnswers(
      rowUrl(row),
      {
        ...(row.cookie ? { cookie: row.cookie } : {}),
        ...(row.authorization ? { authorization: row.authorization } : {}),
      },
      row.expect,
    );
  } catch (err) {
    throw new Error(`${row.name}: ${(err as Error).message}`);
  }
}

async function revocationLag(port: number, url: string, n: number): Promise<number[]> {
  const list = await sessions(url, n, 0);
  const refusedAt = new Map<string, number>();
  let stop = false;
  const pollers = list.map(async (s) => {
    while (!stop && !refusedAt.has(s.sid)) {
      const res = await fetch(`http://127.0.0.1:${port}/api/session/edge`, {
        headers: { cookie: s.edgeCookie },
      });
      if (res.status === 401) refusedAt.set(s.sid, Date.now());
      await sleep(25);
    }
  });
  await sleep(1500);
  const { at } = await helper(url, "revoke", ...list.map((s) => s.sid));
  const deadline = Date.now() + 70_000;
  while (refusedAt.size < list.length && Date.now() < deadline) await sleep(50);
  stop = true;
  await Promise.all(pollers);
  return list.map((s) => (refusedAt.get(s.sid) ?? Number.NaN) - at);
}

async function main() {
  if (!(await hasWrk())) {
    console.log("bench: wrk not found (apt-get install wrk); skipped");
    return;
  }
  mkdirSync(work, { recursive: true });
  console.log(
    `bench: ${quick ? "quick" : "full"} run, ${ROUNDS} rounds of ${SECONDS}s per row, ${cpus().length} cores${onlyRows ? `, rows matching ${onlyRows.join(" or ")} only` : ""}`,
  );

  const sqliteFile = path.join(work, "bench.db");
  for (const s of ["", "-wal", "-shm"]) rmSync(sqliteFile + s, { force: true });
  const sqliteUrl = `file:${sqliteFile}`;
  prepare(sqliteUrl);
  const pgDb = await postgresDatabase();
  if (pgDb) prepare(pgDb.url);

  const started = Date.now();
  const dirs = Object.fromEntries(VARIANTS.map((v) => [v, buildVariant(v)])) as Record<Variant, string>;
  console.log(`bench: built ${VARIANTS.length} variants in ${Math.round((Date.now() - started) / 1000)}s`);

  const ports: Record<Variant | "plainPg" | "edgeBare" | "edgeOurs" | "edgeTraced", number> = {
    plain: 4101,
    noop: 4102,
    edge: 4103,
    authjs: 4104,
    edgeOurs: 4106,
    edgeTraced: 4107,
    edgeBare: 4108,
    plainPg: 4105,
  };
  const receiver = await startOtlpReceiver();
  const servers = VARIANTS.map((v) =>
    startServer(nextBin, ["start", "-p", String(ports[v]), "-H", "127.0.0.1"], dirs[v], dbEnv(sqliteUrl)),
  );
  // A custom server on the edge build, loaded through tsx as `npm start` loads ours.
  const customServer = (script: string, port: number, env: Record<string, string> = {}) =>
    startServer(process.execPath, ["--import", "tsx", path.join(root, script)], dirs.edge, {
      ...dbEnv(sqliteUrl),
      PORT: String(port),
      LOG_LEVEL: "info",
      // Never used by a page load; our server refuses production without a way to send mail.
      SMTP_URL: "smtp://127.0.0.1:9",
      ...env,
    });
  servers.push(
    customServer("bench/bare-server.ts", ports.edgeBare),
    customServer("bench/serve-variant.ts", ports.edgeOurs),
    customServer("bench/serve-variant.ts", ports.edgeTraced, {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    }),
  );
  if (pgDb)
    servers.push(
      startServer(
        nextBin,
        ["start", "-p", String(ports.plainPg), "-H", "127.0.0.1"],
        // No middleware, like the SQLite rows: its cost would dilute the ratio.
        dirs.plain,
        dbEnv(pgDb.url),
      ),
    );
  try {
    for (const p of Object.values(ports))
      if (pgDb || p !== ports.plainPg) await waitForHttp(`http://127.0.0.1:${p}/`);
    const [s] = await sessions(sqliteUrl, 1);
    const [sp] = pgDb ? await sessions(pgDb.url, 1) : [];
    if (!s) throw new Error("no bench session");

    const sqlite: CheckedDatabase = { label: "SQLite", port: ports.plain, cookie: s.cookie, goal: ">= 0.90" };
    const pg: CheckedDatabase | undefined = sp && {
      label: "PostgreSQL",
      port: ports.plainPg,
      cookie: sp.cookie,
      goal: ">= 0.85",
    };
    const databases = pg ? [sqlite, pg] : [sqlite];
    const issuerOf = (port: number) => `http://127.0.0.1:${port}`;
    type ApiSession = { sid: string; refresh: string; tokens: Record<string, string> };
    const apiSessions = (n: number) =>
      helper<ApiSession[]>(
        sqliteUrl,
        "api",
        String(n),
        issuerOf(ports.plain),
        issuerOf(ports.noop),
        issuerOf(ports.edge),
      );
    const [api] = await apiSessions(1);
    if (!api) throw new Error("no bench API session");
    // Access tokens live API_ACCESS_TOKEN_TTL_SECONDS (300 s); a full run's rounds take
    // longer, so the API rows get fresh tokens between rounds well before theirs expire.
    let apiMintedAt = Date.now();
    const renewApiTokens = async () => {
      const [fresh] = await apiSessions(1);
      if (!fresh) throw new Error("no bench API session");
      for (const row of rows)
        if (row.authorization) row.authorization = `Bearer ${fresh.tokens[issuerOf(row.port)]}`;
      apiMintedAt = Date.now();
    };
    const rows: Row[] = [
      {
        name: "page: no middleware",
        port: ports.plain,
        path: "/dashboard/bench",
        cookie: s.edgeCookie,
        expect: 200,
      },
      {
        name: "page: no-op middleware",
        port: ports.noop,
        path: "/dashboard/bench",
        cookie: s.edgeCookie,
        expect: 200,
      },
      {
        name: "page: our edge gate",
        port: ports.edge,
        path: "/dashboard/bench",
        cookie: s.edgeCookie,
        expect: 200,
      },
      {
        name: OPS_ROWS.bare,
        port: ports.edgeBare,
        path: "/dashboard/bench",
        cookie: s.edgeCookie,
        expect: 200,
      },
      {
        name: OPS_ROWS.on,
        port: ports.edgeOurs,
        path: "/dashboard/bench",
        cookie: s.edgeCookie,
        expect: 200,
      },
      {
        name: OPS_ROWS.traced,
        port: ports.edgeTraced,
        path: "/dashboard/bench",
        cookie: s.edgeCookie,
        expect: 200,
      },
      {
        name: "page: next-auth/jwt decode gate",
        port: ports.authjs,
        path: "/dashboard/bench",
        cookie: s.authjsCookie,
        expect: 200,
      },
      ...sessionCheckRows(sqlite),
      {
        name: API_ROWS.none,
        port: ports.plain,
        path: "/api/v1/me",
        authorization: `Bearer ${api.tokens[issuerOf(ports.plain)]}`,
        expect: 200,
      },
      {
        name: API_ROWS.noop,
        port: ports.noop,
        path: "/api/v1/me",
        authorization: `Bearer ${api.tokens[issuerOf(ports.noop)]}`,
        expect: 200,
      },
      {
        name: API_ROWS.edge,
        port: ports.edge,
        path: "/api/v1/me",
        authorization: `Bearer ${api.tokens[issuerOf(ports.edge)]}`,
        expect: 200,
      },
      {
        name: "no session: turned away by the edge",
        port: ports.edge,
        path: "/dashboard/bench",
        expect: 303,
      },
      {
        name: "no session: page redirects itself",
        port: ports.plain,
        path: "/dashboard/bench-db",
        expect: 307,
      },
    ];
    if (pg) rows.push(...sessionCheckRows(pg));
    const measured = onlyRows
      ? rows.filter((r) => onlyRows.some((w) => r.name.toLowerCase().includes(w)))
      : rows;
    if (measured.length === 0) throw new Error(`no row matches --rows=${option("rows")}`);
    for (const row of measured) await check(row);
    for (const row of measured) await wrk(rowUrl(row), 1, row.cookie, row.authorization); // warm-up

    const results = new Map<string, number[]>(measured.map((r) => [r.name, []]));
    for (let round = 1; round <= ROUNDS; round++) {
      if (Date.now() - apiMintedAt > 150_000) await renewApiTokens();
      // Every other round runs backwards, so a row is not always measured before its pair
      // (a drift within a round would otherwise always favour the same row).
      for (const row of round % 2 ? measured : [...measured].reverse())
        results.get(row.name)?.push(await wrk(rowUrl(row), SECONDS, row.cookie, row.authorization));
      console.log(`bench: round ${round}/${ROUNDS} done`);
    }
    const m = (name: string) => median(results.get(name) ?? []);
    // Rows of a pair run next to each other in every round, so the median of per-round
    // ratios cancels the machine's drift between rounds.
    const roundRatio = (a: string, b: string) => {
      const xs = results.get(a) ?? [];
      const ys = results.get(b) ?? [];
      return median(xs.map((x, i) => x / (ys[i] ?? Number.NaN)));
    };

    const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "n/a");
    const ratio = (a: string, b: string) => fmt(roundRatio(a, b));
    const printRowTable = () => {
      console.log("");
      console.log(
        `## Benchmarks (${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, ${quick ? "quick" : "full"} run: ${ROUNDS} rounds x ${SECONDS}s, wrk -t1 -c16)`,
      );
      console.log("");
      console.log("| row | median req/s | ratio (median of per-round ratios) | goal |");
      console.log("|---|---|---|---|");
      // A row left out by --rows is not printed; a ratio whose pair was left out reads n/a.
      const line = (name: string, r: string, goal = "") => {
        if (results.get(name)?.length) console.log(`| ${name} | ${Math.round(m(name))} | ${r} | ${goal} |`);
      };
      line("page: no middleware", "1.00");
      line(
        "page: no-op middleware",
        `${ratio("page: no-op middleware", "page: no middleware")} of no middleware`,
      );
      line(
        "page: our edge gate",
        `${ratio("page: our edge gate", "page: no-op middleware")} of no-op`,
        ">= 0.95",
      );
      line(OPS_ROWS.bare, `${ratio(OPS_ROWS.bare, "page: our edge gate")} of next start`);
      line(
        OPS_ROWS.on,
        `${ratio(OPS_ROWS.on, OPS_ROWS.bare)} of metrics and logs off (${ratio(OPS_ROWS.on, "page: our edge gate")} of next start)`,
        ">= 0.95",
      );
      line(
        OPS_ROWS.traced,
        `${ratio(OPS_ROWS.traced, OPS_ROWS.on)} of traces off (${receiver.spans().length} spans received)`,
      );
      line(
        "page: next-auth/jwt decode gate",
        `ours is ${ratio("page: our edge gate", "page: next-auth/jwt decode gate")}x this`,
        "ours >= 1.2x",
      );
      for (const { label, goal } of databases) {
        const name = (check: keyof typeof SESSION_CHECKS) => `${label}: ${SESSION_CHECKS[check][0]}`;
        line(name("none"), "1.00");
        line(name("check"), `${ratio(name("check"), name("none"))} of no check`, goal);
        line(name("auth"), `${ratio(name("auth"), name("none"))} of no check`, "for comparison");
      }
      line(API_ROWS.none, "1.00");
      line(API_ROWS.noop, `${ratio(API_ROWS.noop, API_ROWS.none)} of no middleware`);
      line(API_ROWS.edge, `${ratio(API_ROWS.edge, API_ROWS.noop)} of no-op`, ">= 0.90");
      line("no session: page redirects itself", "1.00");
      line(
        "no session: turned away by the edge",
        `${ratio("no session: turned away by the edge", "no session: page redirects itself")}x the page`,
      );
    };
    const printRaw = () => {
      console.log("raw req/s per round:");
      for (const [name, xs] of results) console.log(`  ${name}: ${xs.map((x) => Math.round(x)).join(", ")}`);
    };
    if (onlyRows) {
      printRowTable();
      console.log("");
      printRaw();
      return;
    }

    // lastActiveAt under load: writes seen on one session while it is hammered.
    const [busy] = await sessions(sqliteUrl, 1);
    if (!busy) throw new Error("no bench session");
    const loadSeconds = quick ? 5 : 65;
    const writes = new Set<number>();
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const { at } = await helper(sqliteUrl, "last-active", busy.sid);
        writes.add(at);
        await sleep(1000);
      }
    })();
    await wrk(`http://127.0.0.1:${ports.plain}/dashboard/bench-db`, loadSeconds, busy.cookie);
    polling = false;
    await poll;
    const activityWrites = writes.size - 1; // the first value is the row's creation

    const lags = [
      ...(await revocationLag(ports.edge, sqliteUrl, quick ? 10 : 20)),
      ...(await revocationLag(ports.edge, sqliteUrl, quick ? 10 : 20)),
    ];

    // Push against the poll, one instance on SQLite and two on PostgreSQL (servers of its own).
    const push = await measureRevocationPush({
      dir: dirs.edge,
      sqliteUrl,
      pgUrl: pgDb?.url ?? null,
      dbEnv,
      trials: quick ? 10 : 30,
      basePort: 4111,
    });

    const apiLagSessions = await apiSessions(quick ? 10 : 20);
    const apiLags = await apiRevocationLag(
      ports.edge,
      apiLagSessions.map((a) => ({ sid: a.sid, token: a.tokens[issuerOf(ports.edge)] ?? "" })),
      async (sids) => (await helper(sqliteUrl, "revoke", ...sids)).at,
    );
    const refreshesPerSecond = await refreshRate(
      ports.edge,
      (await apiSessions(4)).map((a) => a.refresh),
      quick ? 3 : 10,
    );
    const verifyUs = await verifyCostUs(SECRET, quick ? 2000 : 20_000);
    const swept = await sweepOver(quick ? 100_000 : 1_000_000);

    // Sign-ins at the default bcrypt cost (12) against the real pages, on the edge build.
    const SIGN_IN_CLIENTS = 8;
    const password = randomBytes(12).toString("base64url");
    const emails = await helper<string[]>(sqliteUrl, "users", String(SIGN_IN_CLIENTS), password);
    const [viewer] = await sessions(sqliteUrl, 1);
    if (!viewer) throw new Error("no bench session");
    const signInLoad = await measureSignInLoad({
      port: ports.edge,
      cookie: `${viewer.cookie}; ${viewer.edgeCookie}`,
      emails,
      password,
      rounds: quick ? 1 : 6,
      seconds: quick ? 3 : 8,
    });

    // The refresh route with and without a device's proof, on the edge build (medians of sequential calls).
    const [unbound, bound] = await sessions(sqliteUrl, 2);
    if (!unbound || !bound) throw new Error("no bench session");
    const device = await newDeviceKey();
    await helper(sqliteUrl, "bind", bound.sid, device.jwk);
    const refreshCost = await measureRefresh({
      port: ports.edge,
      cookie: unbound.cookie,
      boundSid: bound.sid,
      privateKey: device.privateKey,
      n: quick ? 50 : 300,
    });

    printRowTable();
    console.log("");
    console.log(
      `| revocation lag at the edge (${lags.length} sessions) | p50 ${fmt(percentile(lags, 50) / 1000)} s | p95 ${fmt(percentile(lags, 95) / 1000)} s | goal p95 <= 1.5 s |`,
    );
    console.log(
      `| API token revocation lag at the edge (${apiLags.length} sessions) | p50 ${fmt(percentile(apiLags, 50) / 1000)} s | p95 ${fmt(percentile(apiLags, 95) / 1000)} s | goal p95 within the browser's bound (1.5 s) |`,
    );
    console.log(
      `| access-token verification (EdDSA, one core) | ${fmt(verifyUs)} µs CPU each | ${Math.round(1e6 / verifyUs)} per second | |`,
    );
    console.log(
      `| token endpoint refreshes (rotation + database write, one server process, SQLite) | ${fmt(refreshesPerSecond)} per second | | |`,
    );
    console.log(
      `| retention sweep over ${swept.rows} expired counters + ${swept.rows} DPoP proofs + ${swept.rows / 100} lapsed sessions (SQLite) | ${fmt(swept.totalMs / 1000)} s in ${swept.batches} batches | longest batch ${fmt(swept.maxBatchMs)} ms; session lookups meanwhile p50 ${fmt(swept.lookupP50Ms)} ms, p99 ${fmt(swept.lookupP99Ms)} ms; ${swept.signIns} sign-ins meanwhile p50 ${fmt(swept.signInP50Ms)} ms, p99 ${fmt(swept.signInP99Ms)} ms | goal longest batch <= 200 ms |`,
    );
    console.log(
      `| lastActiveAt writes on one session under ${loadSeconds}s of load | ${activityWrites} | ${fmt(activityWrites / (loadSeconds / 60))} per minute | goal <= 1 per minute (throttle 60 s) |`,
    );
    console.log("");
    for (const l of revocationPushLines(push)) console.log(l);
    console.log("");
    console.log("| row | measured | ratio (median of per-round ratios) | goal |");
    console.log("|---|---|---|---|");
    for (const l of signInLoadLines(signInLoad, SIGN_IN_CLIENTS)) console.log(l);
    for (const l of refreshLines(refreshCost)) console.log(l);
    console.log("");
    printRaw();
    const perRound = (xs: { rps: number; p99Ms: number }[]) =>
      xs.map((x) => `${Math.round(x.rps)} req/s p99 ${x.p99Ms.toFixed(1)} ms`).join(", ");
    console.log(`  /devices idle: ${perRound(signInLoad.idle)}`);
    console.log(`  /devices under sign-ins: ${perRound(signInLoad.loaded)}`);
    console.log(`  sign-ins a second: ${signInLoad.signInsPerSecond.map((x) => x.toFixed(1)).join(", ")}`);
  } finally {
    for (const s of servers) stopServer(s);
    await receiver.stop();
    await pgDb?.drop();
  }
}

main().catch((err) => {
  console.error(`bench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
