// The keys that sign API access tokens (Ed25519). Each is derived from an
// AUTH_SECRET and a numbered period, so every instance signs with the same key
// without sharing any state, and no private key is ever stored or sent.
// Rotation is the clock: the key of period k signs during k, is published from
// k-1 (before it signs) until the end of k+1 (after its last token expired,
// since a period is at least the longest token lifetime). Edge-safe: WebCrypto.
import { authSecrets, config } from "@/lib/config/env";
import { hex, hkdf } from "./derive";

export const API_KEY_ALG = "EdDSA";

export type PublicJwk = { kty: "OKP"; crv: "Ed25519"; x: string; kid: string; alg: string; use: "sig" };
type KeyPair = { kid: string; privateKey: CryptoKey; publicKey: CryptoKey; jwk: PublicJwk };

// An Ed25519 private key in PKCS#8 is this fixed header followed by its 32-byte seed (RFC 8410).
const PKCS8_ED25519 = new Uint8Array([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);

const pairs = new Map<string, Promise<KeyPair>>();

async function derivePair(secret: string, period: number): Promise<KeyPair> {
  const seed = new Uint8Array(await hkdf(secret, `api signing key ${period}`, 32));
  const pkcs8 = new Uint8Array(PKCS8_ED25519.length + seed.length);
  pkcs8.set(PKCS8_ED25519);
  pkcs8.set(seed, PKCS8_ED25519.length);
  // Extractable only to read its public half below; the private key never leaves this module.
  const privateKey = await crypto.subtle.importKey("pkcs8", pkcs8, { name: "Ed25519" }, true, ["sign"]);
  const { x } = await crypto.subtle.exportKey("jwk", privateKey);
  // The key id names secret and period without revealing either.
  const kid = `${hex(await hkdf(secret, "api key id", 6))}-${period}`;
  const jwk: PublicJwk = { kty: "OKP", crv: "Ed25519", x: x as string, kid, alg: API_KEY_ALG, use: "sig" };
  const publicKey = await crypto.subtle.importKey(
    "jwk",
    { kty: "OKP", crv: "Ed25519", x },
    { name: "Ed25519" },
    true,
    ["verify"],
  );
  return { kid, privateKey, publicKey, jwk };
}

function pairFor(secret: string, period: number): Promise<KeyPair> {
  const key = `${period}:${secret}`;
  let pair = pairs.get(key);
  if (!pair) {
    // A long-running process keeps only a few periods' keys.
    if (pairs.size > 64) pairs.clear();
    pair = derivePair(secret, period);
    pairs.set(key, pair);
  }
  return pair;
}

export function periodAt(nowMs: number, periodSeconds = config().API_SIGNING_KEY_ROTATION_SECONDS): number {
  return Math.floor(nowMs / 1000 / periodSeconds);
}

/** The key that signs now: the first secret's, this period's. */
export async function signingKey(nowMs = Date.now()): Promise<{ kid: string; key: CryptoKey }> {
  const { kid, privateKey } = await pairFor(authSecrets()[0] as string, periodAt(nowMs));
  return { kid, key: privateKey };
}

/** Every key a live token may name: each configured secret's, one period either side of now. */
export async function publishedKeys(nowMs = Date.now()): Promise<KeyPair[]> {
  const period = periodAt(nowMs);
  return Promise.all(
    authSecrets().flatMap((secret) => [period - 1, period, period + 1].map((p) => pairFor(secret, p))),
  );
}

/** The public key for a token's `kid`, if it is published now. */
export async function verificationKey(kid: unknown, nowMs = Date.now()): Promise<CryptoKey | null> {
  if (typeof kid !== "string") return null;
  const found = (await publishedKeys(nowMs)).find((k) => k.kid === kid);
  return found?.publicKey ?? null;
}
