// The browser's proof of possession: a JWT of type dbsc+jwt whose `jti` is our
// challenge. At registration the public key travels in the JWT header and the
// signature shows the browser holds its private half; at refresh the JWT must
// verify against the key we stored. jose does the cryptography.
import { decodeJwt, decodeProtectedHeader, importJWK, type JWK, jwtVerify } from "jose";
import { PROOF_ALGORITHMS } from "./protocol";

type Algorithm = (typeof PROOF_ALGORITHMS)[number];

/** Chromium's proofs are ~500 bytes (ES256) or ~1 KB (RS256 2048); anything far larger is not one. */
const MAX_PROOF_LENGTH = 4096;

/** The public members only, so a stored key can never carry a private part or odd parameters. */
function publicKey(jwk: unknown, alg: string): JWK | null {
  if (!jwk || typeof jwk !== "object") return null;
  const k = jwk as Record<string, unknown>;
  if (
    alg === "ES256" &&
    k.kty === "EC" &&
    k.crv === "P-256" &&
    typeof k.x === "string" &&
    typeof k.y === "string"
  )
    return { kty: "EC", crv: "P-256", x: k.x, y: k.y };
  // 2048 bits at least: 342 base64url characters.
  if (
    alg === "RS256" &&
    k.kty === "RSA" &&
    typeof k.n === "string" &&
    k.n.length >= 342 &&
    typeof k.e === "string"
  )
    return { kty: "RSA", n: k.n, e: k.e };
  return null;
}

function algorithmOf(key: JWK): Algorithm {
  return key.kty === "EC" ? "ES256" : "RS256";
}

/** The challenge a proof names, unverified: it tells which session (and key) to check it against. */
export function claimedChallenge(proof: string | null): string | null {
  if (!proof || proof.length > MAX_PROOF_LENGTH) return null;
  try {
    const { jti } = decodeJwt(proof);
    return typeof jti === "string" ? jti : null;
  } catch {
    return null;
  }
}

async function verified(proof: string, key: JWK, alg: Algorithm, challenge: string): Promise<boolean> {
  try {
    const { payload } = await jwtVerify(proof, await importJWK(key, alg), {
      algorithms: [alg],
      typ: "dbsc+jwt",
    });
    return payload.jti === challenge;
  } catch {
    return false;
  }
}

/** Registration: the key in the header, if the proof is signed by it for `challenge`. */
export async function registrationKey(proof: string, challenge: string): Promise<JWK | null> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(proof);
  } catch {
    return null;
  }
  const alg = PROOF_ALGORITHMS.find((a) => a === header.alg);
  const key = alg ? publicKey(header.jwk, alg) : null;
  return alg && key && (await verified(proof, key, alg, challenge)) ? key : null;
}

/** Refresh: whether the proof is signed by the stored key for `challenge`. */
export async function provesKey(proof: string, storedKey: string, challenge: string): Promise<boolean> {
  const key = JSON.parse(storedKey) as JWK;
  return verified(proof, key, algorithmOf(key), challenge);
}
