// npm run bench:instance
// What one instance costs the database: starts one server the way `npm start`
// does (scripts/start.ts, the existing production build, NODE_ENV=production)
// on a throwaway PostgreSQL database, signs a session in, then drives it with
// wrk in three phases (a protected page, an API call, no traffic) and reads
// PostgreSQL's own counters around each: transactions and rows written
// (pg_stat_database), scans of the session and revocation tables
// (pg_stat_get_numscans: one scan of "RevokedSession" per revocation-feed poll)
// and the connections the instance holds (pg_stat_activity, by its
// application_name). Prints a Markdown table for the README's "What 1,000
// instances would cost". Numbers are printed, never asserted. Not part of
// `npm run bench`. PostgreSQL: BENCH_DATABASE_URL, TEST_DATABASE_URL or the
// local server at postgresql://postgres@127.0.0.1:5432/postgres.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { createThrowawayDatabase } from "@/lib/testing/throwaway-database";
import { hasWrk, sleep, startServer, stopServer, untilAnswers, waitForHttp } from "./lib";

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules/.bin/tsx");
const exec = promisify(execFile);
const SERVER =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  "postgresql://postgres@127.0.0.1:5432/postgres";
const SECONDS = 5;
const IDLE_SECONDS = 10;
/** For requests under way (and the feed poll they started) to finish. */
const SETTLE_MS = 1500;
const APP_NAME = "hybrid-auth-instance";
const SECRET = randomBytes(32).toString("base64url");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

type Wrk = { requests: number; rps: number };

/** wrk -t1 -c16 for `seconds`; throws on any non-2xx/3xx answer. */
async function wrk(url: string, seconds: number, headers: string[]): Promise<Wrk> {
  const args = ["-t1", "-c16", `-d${seconds}s`, ...headers.flatMap((h) => ["-H", h]), url];
  const { stdout } = await exec("wrk", args, { timeout: (seconds + 30) * 1000 });
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(stdout);
  if (errors) throw new Error(`${url}: ${errors[1]} error responses`);
  return {
    requests: Number(/(\d+) requests in/.exec(stdout)?.[1] ?? Number.NaN),
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? Number.NaN),
  };
}

async function main() {
  if (!(await hasWrk())) {
    console.log("bench:instance: wrk not found (apt-get install wrk); skipped");
    return;
  }
  if (!existsSync(path.join(root, ".next/BUILD_ID"))) {
    console.log(
      "bench:instance: no production build: run `npm run build` first (this times the server, not the build)",
    );
    process.exit(1);
  }
  const database = await createThrowawayDatabase(SERVER, "hybrid_auth_instance");
  const datname = new URL(database.url).pathname.slice(1);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    DATABASE_URL: database.url,
    AUTH_SECRET: SECRET,
    NODE_ENV: "production" as const,
    // An API client without DPoP, so wrk can send its tokens as plain Bearer headers.
    API_CLIENTS: JSON.stringify([{ id: "bench", name: "Benchmark", dpop: false, scopes: ["profile"] }]),
  };
  // Nothing listens on the SMTP port: the outbox stays empty, but the mail loop polls it as in production.
  const smtpPort = await freePort();
  const server = startServer("node", ["--import", "tsx", "scripts/start.ts"], root, {
    ...env,
    PORT: String(port),
    HOSTNAME: "127.0.0.1",
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    PGAPPNAME: APP_NAME,
    LOG_LEVEL: "warn",
  });
  const monitor = new pg.Client({ connectionString: SERVER, application_name: "instance-cost-monitor" });
  const inDb = new pg.Client({ connectionString: database.url, application_name: "instance-cost-monitor" });
  let startedAt = Date.now();
  try {
    await waitForHttp(`${origin}/api/health/live`, 120_000);
    startedAt = Date.now(); // about when the retention loop was scheduled
    await monitor.connect();
    await inDb.connect();
    const helper = async <T>(...args: string[]): Promise<T> => {
      const { stdout } = await exec(tsx, ["bench/sessions.ts", ...args], {
        cwd: root,
        env: { ...env, PGAPPNAME: "instance-cost-helper" },
      });
      return JSON.parse(stdout) as T;
    };
    const [browser] = await helper<{ cookie: string; edgeCookie: string }[]>("make", "1", "7200");
    const [api] = await helper<{ tokens: Record<string, string> }[]>("api", "1", origin);
    if (!browser || !api?.tokens[origin]) throw new Error("no bench session");
    const phases = [
      {
        name: "protected page (/dashboard)",
        url: `${origin}/dashboard`,
        headers: [`Cookie: ${browser.cookie}; ${browser.edgeCookie}`],
        expect: 200,
      },
      {
        name: "API call (/api/v1/me)",
        url: `${origin}/api/v1/me`,
        headers: [`Authorization: Bearer ${api.tokens[origin]}`],
        expect: 200,
      },
      {
        // No database call of its own: what is left is the feed's polls.
        name: "no session, turned away by the edge",
        url: `${origin}/dashboard`,
        headers: [],
        expect: 303,
      },
    ];
    for (const p of phases) {
      await untilAnswers(
        p.url,
        Object.fromEntries(p.headers.map((h) => h.split(/: (.*)/s).slice(0, 2))),
        p.expect,
      );
      await wrk(p.url, 1, p.headers); // warm-up
    }

    // Tables whose scans are counted (a table's own plus its indexes').
    const { rows: rels } = await inDb.query<{ relname: string; oids: number[] }>(
      `SELECT c.relname, array_prepend(c.oid::int, array(SELECT i.indexrelid::int FROM pg_index i WHERE i.indrelid = c.oid)) AS oids
       FROM pg_class c WHERE c.relkind = 'r' AND c.relname IN ('Session', 'RevokedSession', 'MailMessage')`,
    );
    const oids = rels.flatMap((r) => r.oids);
    /** Scans per table; no table is read, and it is one transaction of the database (subtracted below). */
    const scans = async () => {
      const { rows } = await inDb.query<{ oid: number; n: string }>(
        "SELECT o AS oid, pg_stat_get_numscans(o) AS n FROM unnest($1::oid[]) o",
        [oids],
      );
      const byOid = new Map(rows.map((r) => [Number(r.oid), Number(r.n)]));
      return Object.fromEntries(
        rels.map((r) => [r.relname, r.oids.reduce((sum, o) => sum + (byOid.get(o) ?? 0), 0)]),
      ) as Record<string, number>;
    };
    /** The database's counters, read from another database so that reading them adds nothing. */
    const counters = async () => {
      const { rows } = await monitor.query<Record<string, string>>(
        `SELECT xact_commit + xact_rollback AS xacts, tup_inserted + tup_updated + tup_deleted AS written, tup_updated AS updated
         FROM pg_stat_database WHERE datname = $1`,
        [datname],
      );
      return Object.fromEntries(Object.entries(rows[0] ?? {}).map(([k, v]) => [k, Number(v)]));
    };
    const held = async () => {
      const { rows } = await monitor.query<{ n: string }>(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = $2",
        [datname, APP_NAME],
      );
      return Number(rows[0]?.n ?? 0);
    };

    type Result = {
      name: string;
      seconds: number;
      load?: Wrk;
      xacts: number;
      written: number;
      updated: number;
      sessionScans: number;
      feedPolls: number;
      mailPolls: number;
      maxHeld: number;
      endHeld: number;
      sinceStartS: number;
    };
    /**
     * Ends the instance's idle database connections: a backend publishes its
     * counters when it exits, but one that published them less than a second
     * ago holds the rest for up to 10 s once idle (PostgreSQL 15's
     * PGSTAT_IDLE_INTERVAL). The pool opens new ones on demand, as it does after
     * its own idle timeout (10 s).
     */
    const publish = async () => {
      await sleep(SETTLE_MS);
      await monitor.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = $1 AND application_name = $2 AND state = 'idle'`,
        [datname, APP_NAME],
      );
      await sleep(500);
      const t = await scans();
      await sleep(300); // the read above is one transaction; it is counted in the window it ends
      return { tables: t, counters: await counters() };
    };

    // After the warm-up: each session's activity is due again, so the first request of a phase writes it once.
    await inDb.query(`UPDATE "Session" SET "lastActiveAt" = "lastActiveAt" - interval '2 minutes'`);
    const results: Result[] = [];
    let { tables, counters: before } = await publish();
    const measure = async (name: string, seconds: number, drive: () => Promise<Wrk | undefined>) => {
      let maxHeld = 0;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          maxHeld = Math.max(maxHeld, await held());
          await sleep(200);
        }
      })();
      const load = await drive();
      sampling = false;
      await sampler;
      const endHeld = await held();
      const { tables: tablesAfter, counters: after } = await publish();
      const d = (k: string) => (after[k] ?? 0) - (before[k] ?? 0);
      const t = (k: string) => (tablesAfter[k] ?? 0) - (tables[k] ?? 0);
      results.push({
        name,
        seconds,
        load,
        xacts: d("xacts") - 1, // the scans() read at its end
        written: d("written"),
        updated: d("updated"),
        sessionScans: t("Session"),
        feedPolls: t("RevokedSession"),
        mailPolls: t("MailMessage"),
        maxHeld,
        endHeld,
        sinceStartS: (Date.now() - startedAt) / 1000,
      });
      tables = tablesAfter;
      before = after;
    };
    // Done before the first retention sweep, a minute after the server starts.
    await measure("idle (no traffic)", IDLE_SECONDS, async () => {
      await sleep(IDLE_SECONDS * 1000);
      return undefined;
    });
    for (const p of phases) await measure(p.name, SECONDS, () => wrk(p.url, SECONDS, p.headers));
    // One request every 1.2 s through middleware and nothing else: each starts exactly one feed poll.
    const POLLS = 5;
    await measure(
      `one feed poll alone (${POLLS} turned-away requests 1.2 s apart)`,
      POLLS * 1.2,
      async () => {
        for (let i = 0; i < POLLS; i++) {
          await fetch(`${origin}/dashboard`, { redirect: "manual" });
          await sleep(1200);
        }
        return { requests: POLLS, rps: POLLS / (POLLS * 1.2) };
      },
    );
    // The server's own count of feed requests over the whole run (read once, at the end).
    const scraped = await (await fetch(`${origin}/api/metrics`)).text();
    const feedRequests = [
      ...scraped.matchAll(
        /^hybrid_auth_http_request_duration_seconds_count\{[^}]*route="\/api\/internal\/revocations"[^}]*\} (\d+)/gm,
      ),
    ].reduce((sum, m) => sum + Number(m[1]), 0);
    const { rows: settings } = await monitor.query<{ name: string; setting: string }>(
      "SELECT name, setting FROM pg_settings WHERE name IN ('max_connections', 'server_version')",
    );
    const setting = (n: string) => settings.find((s) => s.name === n)?.setting ?? "?";

    const f = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : "n/a");
    console.log("");
    console.log(
      `## One instance on PostgreSQL ${setting("server_version")} (${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}; wrk -t1 -c16, ${SECONDS} s a phase, idle ${IDLE_SECONDS} s)`,
    );
    console.log("");
    console.log(
      "| phase | requests/s | DB transactions per request | rows written per request (updated) | session-table scans per request | DB transactions/s | feed polls/s (RevokedSession scans) | MailMessage scans (mail loop) | connections held: max (at the end) |",
    );
    console.log("|---|---|---|---|---|---|---|---|---|");
    for (const r of results) {
      const n = r.load?.requests ?? 0;
      const per = (x: number) => (n ? f(x / n, 3) : "n/a");
      console.log(
        `| ${r.name} | ${r.load ? f(r.load.rps, 0) : "0"} | ${per(r.xacts)} | ${per(r.written)} (${per(r.updated)}) | ${per(r.sessionScans)} | ${f(r.xacts / r.seconds, 1)} | ${f(r.feedPolls / r.seconds)} | ${r.mailPolls} | ${r.maxHeld} (${r.endHeld}) |`,
      );
    }
    console.log("");
    console.log(
      `Per phase the counters span the phase plus ${(SETTLE_MS + 800) / 1000} s without traffic (idle work, e.g. the mail loop every 10 s, is in every row); per-second rates divide by the phase's length. Between phases the instance's idle connections are ended so that their counters are published: each phase starts with an empty pool.`,
    );
    console.log(
      `pg.Pool max: 10 (pg's default; lib/db/client.ts sets none). PostgreSQL max_connections here: ${setting("max_connections")}.`,
    );
    console.log(
      `Feed requests the server answered over the whole run (its metrics, warm-up included): ${feedRequests}; RevokedSession scans in the phases above: ${results.reduce((sum, r) => sum + r.feedPolls, 0)} (the feed also prunes old rows once a minute, one more scan).`,
    );
    const late = results.filter((r) => r.sinceStartS > 60);
    if (late.length)
      console.log(
        `Note: ${late.map((r) => r.name).join(", ")} ended more than 60 s after the server answered: its first retention sweep may be counted there.`,
      );
  } finally {
    stopServer(server);
    await monitor.end().catch(() => {});
    await inDb.end().catch(() => {});
    await sleep(1000);
    await database.drop();
  }
}

main().catch((err) => {
  console.error(`bench:instance failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
