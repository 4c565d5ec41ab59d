// The edge token: a short-lived JWE (dir + A256GCM) that lets middleware admit a
// request without a database call. Edge-safe: WebCrypto and jose only.
//
// Keys are derived from AUTH_SECRET with HKDF and imported once per process and
// secret; deriving per request costs several times the decryption itself.
import { decodeProtectedHeader, EncryptJWT, type JWTPayload, jwtDecrypt } from "jose";
import { authSecrets, config } from "@/lib/config/env";
import { hex, hkdf, oncePerSecret } from "./derive";
import { decryptLegacyEdgeToken, LEGACY_ENC } from "./legacy-token";

/**
 * `iat` (seconds) tells middleware how recently the database session was checked;
 * `auth_time` (seconds) and `amr` when and how the user last proved who they are.
 */
export type EdgeClaims = {
  sub: string;
  sid: string;
  role: "user" | "admin";
  iat: number;
  exp: number;
  auth_time?: number;
  amr?: string[];
  /** RFC 8693's actor: the administrator signed in as `sub` ("Sign in as user"). */
  act?: { sub: string };
};

export type SessionClaims = {
  sub: string;
  sid: string;
  role: string;
  authTime?: Date;
  amr?: string[];
  /** The administrator's user id, on a session they started as this user. */
  impersonatorId?: string;
};

const ISSUER = "hybrid-auth";
const AUDIENCE = "hybrid-auth:edge";
/** Real tokens are ~400 bytes; anything far larger is garbage we need not parse. */
const MAX_TOKEN_LENGTH = 2048;

const edgeKey = oncePerSecret(async (secret) => {
  const raw = await hkdf(secret, "A256GCM key", 32);
  // The key id names the secret without revealing it, so decryption picks the right key at once.
  const id = await hkdf(secret, "key id", 6);
  return {
    kid: hex(id),
    key: await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]),
  };
});

/** `issuedAt` (seconds) backdates a token, which is how tests make expired ones. */
export async function mintEdgeToken(
  claims: SessionClaims,
  {
    issuedAt = Math.floor(Date.now() / 1000),
    secret = authSecrets()[0] as string,
    ttlSeconds = config().EDGE_TOKEN_TTL_SECONDS,
  } = {},
): Promise<string> {
  const { kid, key } = await edgeKey(secret);
  const now = issuedAt;
  const authentication =
    claims.authTime && claims.amr
      ? { auth_time: Math.floor(claims.authTime.getTime() / 1000), amr: claims.amr }
      : {};
  return new EncryptJWT({
    sid: claims.sid,
    role: claims.role === "admin" ? "admin" : "user",
    ...authentication,
    ...(claims.impersonatorId ? { act: { sub: claims.impersonatorId } } : {}),
  })
    .setProtectedHeader({ alg: "dir", enc: "A256GCM", kid })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .encrypt(key);
}

/** The claims of a valid token, or null for anything else: missing, expired, tampered, foreign. */
export async function verifyEdgeToken(
  token: string | undefined,
  secrets: string[] = authSecrets(),
): Promise<EdgeClaims | null> {
  if (!token || token.length > MAX_TOKEN_LENGTH) return null;
  try {
    const { kid, enc } = decodeProtectedHeader(token);
    if (enc === LEGACY_ENC) {
      return toClaims(await decryptLegacyEdgeToken(token, kid, secrets, config().EDGE_TOKEN_TTL_SECONDS));
    }
    for (const secret of secrets) {
      const candidate = await edgeKey(secret);
      if (candidate.kid !== kid) continue;
      const { payload } = await jwtDecrypt(token, candidate.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        keyManagementAlgorithms: ["dir"],
        contentEncryptionAlgorithms: ["A256GCM"],
        requiredClaims: ["sub", "sid", "exp", "iat"],
      });
      return toClaims(payload);
    }
    return null;
  } catch {
    // jose's error classes are minified in the edge bundle; every failure means "no token".
    return null;
  }
}

function toClaims(payload: JWTPayload | null): EdgeClaims | null {
  if (!payload) return null;
  const { sub, sid, role, iat, exp, auth_time, amr, act } = payload;
  if (typeof sub !== "string" || typeof sid !== "string") return null;
  if (typeof iat !== "number" || typeof exp !== "number") return null;
  if (role !== "user" && role !== "admin") return null;
  const authentication =
    typeof auth_time === "number" && Array.isArray(amr) && amr.every((m) => typeof m === "string")
      ? { auth_time, amr: amr as string[] }
      : {};
  const actor: unknown = (act as { sub?: unknown } | undefined)?.sub;
  // A malformed actor is refused outright, never read as "no actor".
  if (act !== undefined && typeof actor !== "string") return null;
  return {
    sub,
    sid,
    role,
    iat,
    exp,
    ...authentication,
    ...(typeof actor === "string" ? { act: { sub: actor } } : {}),
  };
}

/**
 * What the edge token carries for a session row that was just read from (or
 * written to) the database: an ActiveSession, or a new row with its user's role.
 */
export function sessionClaimsOf(row: {
  id: string;
  userId: string;
  authTime: Date;
  amr: string[];
  user: { role: string };
  impersonator?: { id: string } | null;
}): SessionClaims {
  return {
    sub: row.userId,
    sid: row.id,
    role: row.user.role,
    authTime: row.authTime,
    amr: row.amr,
    impersonatorId: row.impersonator?.id,
  };
}
