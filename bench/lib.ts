// Small helpers for the benchmarks: processes, wrk, statistics.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
}

/** Starts a server in its own process group, so stopping it also stops next-server. */
export function startServer(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ["ignore", "ignore", "pipe"] });
  child.stderr?.on("data", (d: Buffer) => {
    const line = d.toString().trim();
    if (line && !line.includes("nodedir"))
      console.error(`  [server ${args.join(" ")}] ${line.split("\n")[0]}`);
  });
  return child;
}

export function stopServer(child: ChildProcess): void {
  if (child.pid) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
}

export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await fetch(url, { redirect: "manual" });
      return;
    } catch {
      await sleep(250);
    }
  }
  throw new Error(`no answer from ${url}`);
}

export type WrkStats = { rps: number; p99Ms: number };

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

/** Requests per second and p99 latency from wrk (one thread, 16 connections); NaN where wrk said nothing. */
export async function wrkStats(
  url: string,
  seconds: number,
  cookie?: string,
  authorization?: string,
): Promise<WrkStats> {
  const args = [
    "-t1",
    "-c16",
    `-d${seconds}s`,
    "--latency",
    ...(cookie ? ["-H", `Cookie: ${cookie}`] : []),
    ...(authorization ? ["-H", `Authorization: ${authorization}`] : []),
    url,
  ];
  const { stdout } = await run("wrk", args, { timeout: (seconds + 30) * 1000 });
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
  const p99 = /^\s*99%\s+([\d.]+)(us|ms|s|m)\s*$/m.exec(stdout);
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(stdout);
  if (errors) throw new Error(`${url}: ${errors[1]} error responses`);
  return {
    rps: rps ? Number(rps[1]) : Number.NaN,
    p99Ms: p99 ? Number(p99[1]) * (UNIT_MS[p99[2] as string] ?? Number.NaN) : Number.NaN,
  };
}

/** Requests per second from wrk (one thread, 16 connections), or NaN if wrk failed. */
export async function wrk(
  url: string,
  seconds: number,
  cookie?: string,
  authorization?: string,
): Promise<number> {
  return (await wrkStats(url, seconds, cookie, authorization)).rps;
}

export async function hasWrk(): Promise<boolean> {
  try {
    await run("wrk", ["--version"]).catch((e: { stdout?: string }) => {
      if (!String(e.stdout ?? "").includes("wrk")) throw e;
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Fetches `url` until it answers `status` (redirects not followed), for up to 20 s.
 * A server just started may answer a protected page with 303 at first: until its
 * edge has read the revocation feed once (the feed route loads on that first
 * read), page loads go through the database check.
 */
export async function untilAnswers(
  url: string,
  headers: Record<string, string>,
  status: number,
): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await fetch(url, { headers, redirect: "manual" });
    await res.arrayBuffer();
    if (res.status === status) return;
    if (Date.now() > deadline) throw new Error(`${url} answered ${res.status}, not ${status}`);
    await sleep(250);
  }
}
