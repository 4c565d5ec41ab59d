// API access tokens: JWTs (RFC 9068 profile) signed with the period keys of
// ./api-keys.ts. They carry the database session's id (`sid`), so the edge can
// refuse a revoked one from the revocation feed, and nothing personal (no email).
// Edge-safe: WebCrypto and jose only.
import { decodeProtectedHeader, errors, type JWTPayload, jwtVerify, SignJWT } from "jose";
import { config } from "@/lib/config/env";
import { API_KEY_ALG, signingKey, verificationKey } from "./api-keys";
import { isHttps } from "./cookies";

export const ACCESS_TOKEN_TYP = "at+jwt";
/** Real tokens are ~600 bytes; anything far larger is garbage we need not parse. */
const MAX_TOKEN_LENGTH = 4096;

export type AccessClaims = {
  iss: string;
  aud: string;
  sub: string;
  sid: string;
  client_id: string;
  scope: string;
  iat: number;
  exp: number;
  jti: string;
  auth_time: number;
  /** RFC 9449: the thumbprint of the key a DPoP proof must be signed with. */
  cnf?: { jkt: string };
};

/**
 * Who issues tokens: AUTH_URL's origin when set (what every instance behind a
 * load balancer must share), else the scheme and Host the request came with
 * (Next's own request URL names its listening hostname, not the one the client
 * used). A forged Host only changes the issuer the request itself is held to.
 */
export function apiIssuer(req: { url: string; headers: Headers }): string {
  const configured = config().AUTH_URL;
  if (configured) return new URL(configured).origin;
  const host = req.headers.get("host");
  if (!host || !HOST.test(host)) return new URL(req.url).origin;
  return `${isHttps(req.headers) ? "https" : "http"}://${host.toLowerCase()}`;
}

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

export const apiAudience = (issuer: string) => `${issuer}/api/v1`;

export type NewAccessToken = Omit<AccessClaims, "iss" | "aud" | "iat" | "exp" | "jti">;

/** `nowMs` moves the clock for tests (expired tokens, key rotation). */
export async function mintAccessToken(
  issuer: string,
  claims: NewAccessToken,
  { nowMs = Date.now(), ttlSeconds = config().API_ACCESS_TOKEN_TTL_SECONDS } = {},
): Promise<{ token: string; expiresIn: number }> {
  const { kid, key } = await signingKey(nowMs);
  const iat = Math.floor(nowMs / 1000);
  const token = await new SignJWT({
    sid: claims.sid,
    client_id: claims.client_id,
    scope: claims.scope,
    auth_time: claims.auth_time,
    ...(claims.cnf ? { cnf: claims.cnf } : {}),
  })
    .setProtectedHeader({ alg: API_KEY_ALG, typ: ACCESS_TOKEN_TYP, kid })
    .setIssuer(issuer)
    .setAudience(apiAudience(issuer))
    .setSubject(claims.sub)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .setJti(crypto.randomUUID())
    .sign(key);
  return { token, expiresIn: ttlSeconds };
}

const claimShape = (p: JWTPayload): p is JWTPayload & AccessClaims =>
  typeof p.sub === "string" &&
  typeof p.sid === "string" &&
  typeof p.client_id === "string" &&
  typeof p.scope === "string" &&
  typeof p.jti === "string" &&
  typeof p.auth_time === "number" &&
  typeof p.iat === "number" &&
  typeof p.exp === "number" &&
  (p.cnf === undefined || typeof (p.cnf as { jkt?: unknown }).jkt === "string");

/**
 * The claims of a valid token for this issuer, or null: the algorithm is pinned,
 * the key must be one published now, and `typ`, `iss`, `aud`, `exp` and `iat`
 * (not in the future) must hold. Never throws on bad input.
 */
export async function verifyAccessToken(
  token: string | undefined,
  issuer: string,
  { nowMs = Date.now() } = {},
): Promise<AccessClaims | null> {
  if (!token || token.length > MAX_TOKEN_LENGTH) return null;
  try {
    const { kid } = decodeProtectedHeader(token);
    const key = await verificationKey(kid, nowMs);
    if (!key) return null;
    const currentDate = new Date(nowMs);
    const { payload } = await jwtVerify(token, key, {
      algorithms: [API_KEY_ALG],
      typ: ACCESS_TOKEN_TYP,
      issuer,
      audience: apiAudience(issuer),
      currentDate,
      requiredClaims: ["sub", "sid", "jti", "iat", "exp"],
    });
    // jose accepts an `iat` in the future; a token from the future was not issued by us.
    if (payload.iat !== undefined && payload.iat > nowMs / 1000 + 5) return null;
    return claimShape(payload) ? payload : null;
  } catch (err) {
    if (err instanceof errors.JOSEError || err instanceof TypeError || err instanceof SyntaxError)
      return null;
    throw err;
  }
}
