// The refresh route with and without a DBSC proof, on the same server: the
// cookie-only GET an unbound session makes, and the signed POST pair a bound one
// makes (the 403 that hands out a challenge, then the proof). Each proof needs a
// fresh single-use challenge, so this is a sequential loop rather than wrk.
// Reports wall time per refresh and the server's own Server-Timing entries.
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { median } from "./lib";

export type RefreshCost = {
  cookieOnly: { wallMs: number[]; dbMs: number[] };
  proof: { wallMs: number[]; dbMs: number[]; proofMs: number[] };
};

/** `dur` of one Server-Timing entry. */
function timing(res: Response, name: string): number {
  const m = res.headers.get("server-timing")?.match(new RegExp(`${name};dur=([\\d.]+)`));
  return m ? Number(m[1]) : Number.NaN;
}

export async function newDeviceKey() {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  return { privateKey, jwk: JSON.stringify(await exportJWK(publicKey)) };
}

export async function measureRefresh(opts: {
  port: number;
  /** An unbound session's cookie, and a bound session's id with its device key. */
  cookie: string;
  boundSid: string;
  privateKey: CryptoKey;
  n: number;
}): Promise<RefreshCost> {
  const base = `http://127.0.0.1:${opts.port}/api/session/refresh`;
  const cost: RefreshCost = {
    cookieOnly: { wallMs: [], dbMs: [] },
    proof: { wallMs: [], dbMs: [], proofMs: [] },
  };
  for (let i = 0; i < opts.n; i++) {
    let started = performance.now();
    const plain = await fetch(`${base}?next=/dashboard`, {
      headers: { cookie: opts.cookie },
      redirect: "manual",
    });
    cost.cookieOnly.wallMs.push(performance.now() - started);
    cost.cookieOnly.dbMs.push(timing(plain, "db-session"));
    if (plain.status !== 303) throw new Error(`cookie-only refresh: ${plain.status}`);

    started = performance.now();
    const id = { "sec-secure-session-id": opts.boundSid };
    const asked = await fetch(base, { method: "POST", headers: id });
    const challenge = asked.headers.get("secure-session-challenge")?.match(/^"([^"]+)"/)?.[1] ?? "";
    // Signing is the browser's work, not the server's: left out of the wall time.
    const signStarted = performance.now();
    const jwt = await new SignJWT({ jti: challenge })
      .setProtectedHeader({ alg: "ES256", typ: "dbsc+jwt" })
      .sign(opts.privateKey);
    const signMs = performance.now() - signStarted;
    const renewed = await fetch(base, { method: "POST", headers: { ...id, "secure-session-response": jwt } });
    await renewed.arrayBuffer();
    if (renewed.status !== 200) throw new Error(`DBSC refresh: ${asked.status} then ${renewed.status}`);
    cost.proof.wallMs.push(performance.now() - started - signMs);
    cost.proof.dbMs.push(timing(renewed, "db-session"));
    cost.proof.proofMs.push(timing(renewed, "dbsc-proof"));
  }
  return cost;
}

export function refreshLines(cost: RefreshCost): string[] {
  const ms = (xs: number[]) => `${median(xs).toFixed(2)} ms`;
  const ratio = (median(cost.proof.wallMs) / median(cost.cookieOnly.wallMs)).toFixed(2);
  return [
    `| refresh, cookie only (unbound session, GET) | ${ms(cost.cookieOnly.wallMs)} wall, db-session ${ms(cost.cookieOnly.dbMs)} | 1.00 | |`,
    `| refresh with a DBSC proof (bound session: 403 + signed POST) | ${ms(cost.proof.wallMs)} wall for both, db-session ${ms(cost.proof.dbMs)}, dbsc-proof ${ms(cost.proof.proofMs)} | ${ratio}x the cookie-only one | for comparison |`,
  ];
}
