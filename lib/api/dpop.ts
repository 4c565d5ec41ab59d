// DPoP (RFC 9449): a client proves, on each request, that it holds the private
// key its tokens are bound to. A proof names the method and URL it is for, the
// access token it goes with (`ath`), a time and a unique `jti`; each jti is
// accepted once across every instance (the DpopProof table's primary key).
import { createHash } from "node:crypto";
import {
  base64url,
  calculateJwkThumbprint,
  decodeProtectedHeader,
  importJWK,
  type JWK,
  jwtVerify,
} from "jose";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/unique";

export const DPOP_ALGS = ["ES256", "EdDSA"] as const;
/** A proof is accepted this long after its `iat` (and this far ahead, for clock skew). */
const PROOF_WINDOW_S = 60;
const MAX_PROOF_LENGTH = 4096;

export type ProofCheck = { ok: true; jkt: string } | { ok: false; problem: string };

type ProofRequest = {
  /** The DPoP header, exactly as sent (a second one is refused). */
  proof: string | null;
  method: string;
  /** The URL the client was told to use: our issuer's origin and the request's path. */
  url: string;
  /** The access token the proof must name (`ath`), for resource requests. */
  accessToken?: string;
  nowMs?: number;
};

export const accessTokenHash = (token: string) =>
  base64url.encode(createHash("sha256").update(token).digest());

function sameTarget(htu: unknown, url: string): boolean {
  if (typeof htu !== "string") return false;
  try {
    const a = new URL(htu);
    const b = new URL(url);
    return a.origin === b.origin && a.pathname === b.pathname;
  } catch {
    return false;
  }
}

/** Checks a proof and spends its jti; returns the thumbprint of the key that signed it. */
export async function checkDpopProof(req: ProofRequest): Promise<ProofCheck> {
  const { proof, nowMs = Date.now() } = req;
  if (!proof || proof.length > MAX_PROOF_LENGTH || proof.includes(","))
    return { ok: false, problem: "a DPoP proof is required" };
  let jwk: JWK;
  let payload: Record<string, unknown>;
  try {
    const header = decodeProtectedHeader(proof);
    jwk = header.jwk as JWK;
    if (!jwk || typeof jwk !== "object" || "d" in jwk)
      return { ok: false, problem: "the proof has no public key" };
    const key = await importJWK(jwk, header.alg);
    ({ payload } = await jwtVerify(proof, key, {
      typ: "dpop+jwt",
      algorithms: [...DPOP_ALGS],
      currentDate: new Date(nowMs),
      maxTokenAge: PROOF_WINDOW_S,
      clockTolerance: 5,
      requiredClaims: ["jti", "iat", "htm", "htu"],
    }));
  } catch {
    return { ok: false, problem: "the DPoP proof is not valid" };
  }
  const { jti, htm, htu, iat, ath } = payload;
  if (typeof jti !== "string" || jti.length > 256)
    return { ok: false, problem: "the proof's jti is not valid" };
  if (htm !== req.method || !sameTarget(htu, req.url))
    return { ok: false, problem: "the proof is for another request" };
  if ((iat as number) > nowMs / 1000 + PROOF_WINDOW_S)
    return { ok: false, problem: "the proof is from the future" };
  if (req.accessToken !== undefined && ath !== accessTokenHash(req.accessToken))
    return { ok: false, problem: "the proof is for another access token" };
  const jkt = await calculateJwkThumbprint(jwk, "sha256");
  try {
    await db.dpopProof.create({
      data: {
        id: createHash("sha256").update(`${jkt}.${jti}`).digest("hex"),
        expires: new Date(((iat as number) + PROOF_WINDOW_S + 5) * 1000),
      },
    });
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, problem: "the proof was used before" };
    throw err;
  }
  return { ok: true, jkt };
}
