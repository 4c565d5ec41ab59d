// Edge tokens in the first format this app minted: `encode` from next-auth/jwt
// (dir + A256CBC-HS512, key = HKDF over AUTH_SECRET salted with the cookie's
// name, kid = the key's JWK thumbprint). Never minted any more; accepted for one
// edge-token TTL after they were issued, so an upgrade sends nobody through the
// refresh round trip and an old token cannot outlive the TTL however long its
// own `exp` is. Edge-safe: WebCrypto and jose only.
import { base64url, calculateJwkThumbprint, type JWTPayload, jwtDecrypt } from "jose";
import { EDGE_COOKIE, edgeCookieName } from "./cookies";
import { hkdf, oncePerSecret } from "./derive";

export const LEGACY_ENC = "A256CBC-HS512";
const SALTS = [EDGE_COOKIE, edgeCookieName(true)];

/** Derived once per process and secret, where Auth.js's `encode` derives them per call. */
const legacyKeys = oncePerSecret((secret) =>
  Promise.all(
    SALTS.map(async (salt) => {
      const key = new Uint8Array(await hkdf(secret, `Auth.js Generated Encryption Key (${salt})`, 64, salt));
      const kid = await calculateJwkThumbprint({ kty: "oct", k: base64url.encode(key) }, "sha512");
      return { kid, key };
    }),
  ),
);

/**
 * The payload of a legacy token issued within `maxAgeSeconds` (its `exp` capped to
 * that), null when none of the secrets made it; throws for a bad or stale token.
 */
export async function decryptLegacyEdgeToken(
  token: string,
  kid: string | undefined,
  secrets: string[],
  maxAgeSeconds: number,
): Promise<JWTPayload | null> {
  for (const secret of secrets) {
    const match = (await legacyKeys(secret)).find((k) => k.kid === kid);
    if (!match) continue;
    const { payload } = await jwtDecrypt(token, match.key, {
      keyManagementAlgorithms: ["dir"],
      contentEncryptionAlgorithms: [LEGACY_ENC],
      requiredClaims: ["sub", "sid", "exp", "iat"],
      maxTokenAge: maxAgeSeconds,
    });
    return { ...payload, exp: Math.min(payload.exp as number, (payload.iat as number) + maxAgeSeconds) };
  }
  return null;
}
