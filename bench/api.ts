// The API rows of npm run bench: what verifying an access token costs, how many
// refreshes (each a database write) one server process answers, and how soon
// the edge refuses a revoked session's access token.
import { performance } from "node:perf_hooks";
import { sleep } from "./lib";

/** Microseconds of CPU per access-token verification, in this process (one core). */
export async function verifyCostUs(secret: string, n: number): Promise<number> {
  process.env.AUTH_SECRET ??= secret;
  const { mintAccessToken, verifyAccessToken } = await import("@/lib/edge/access-token");
  const issuer = "http://127.0.0.1";
  const { token } = await mintAccessToken(issuer, {
    sub: "u",
    sid: "s",
    client_id: "bench",
    scope: "profile",
    auth_time: 0,
  });
  for (let i = 0; i < 200; i++) await verifyAccessToken(token, issuer); // warm-up
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < n; i++) if (!(await verifyAccessToken(token, issuer))) throw new Error("token refused");
  const used = process.cpuUsage(cpu);
  const wall = performance.now() - started;
  return Math.min((used.user + used.system) / n, (wall * 1000) / n);
}

/**
 * Refreshes a second against one server process: `chains` clients, each
 * refreshing its own token over and over for `seconds` (every call rotates it).
 */
export async function refreshRate(port: number, refreshTokens: string[], seconds: number): Promise<number> {
  const url = `http://127.0.0.1:${port}/api/oauth/token`;
  const until = Date.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    refreshTokens.map(async (first) => {
      let token = first;
      while (Date.now() < until) {
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            grant_type: "refresh_token",
            refresh_token: token,
            client_id: "bench",
          }),
        });
        const body = (await res.json()) as { refresh_token?: string; error?: string };
        if (!body.refresh_token) throw new Error(`refresh refused: ${body.error}`);
        token = body.refresh_token;
        done++;
      }
    }),
  );
  return done / seconds;
}

/**
 * For each API session, ms from the revocation's commit until the edge refuses
 * its access token. The probe is a path no route serves: admitted, it is a 404
 * from Next; refused, a 401 from the edge, so the route's own check never answers.
 */
export async function apiRevocationLag(
  port: number,
  sessions: { sid: string; token: string }[],
  revoke: (sids: string[]) => Promise<number>,
): Promise<number[]> {
  const refusedAt = new Map<string, number>();
  let stop = false;
  const pollers = sessions.map(async (s) => {
    while (!stop && !refusedAt.has(s.sid)) {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/bench-edge-probe`, {
        headers: { authorization: `Bearer ${s.token}` },
      });
      if (res.status === 401) refusedAt.set(s.sid, Date.now());
      else if (res.status !== 404) throw new Error(`probe answered ${res.status}`);
      await sleep(25);
    }
  });
  await sleep(1500);
  const at = await revoke(sessions.map((s) => s.sid));
  const deadline = Date.now() + 70_000;
  while (refusedAt.size < sessions.length && Date.now() < deadline) await sleep(50);
  stop = true;
  await Promise.all(pollers);
  return sessions.map((s) => (refusedAt.get(s.sid) ?? Number.NaN) - at);
}
