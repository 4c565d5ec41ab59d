// What a real API client does, for the tests: form posts to the endpoints and
// DPoP proofs signed with its own key. The requests go to the route functions
// themselves, as Next would call them; nothing here is a stand-in for our code.
import { randomUUID } from "node:crypto";
import { type CryptoKey, exportJWK, generateKeyPair, SignJWT } from "jose";
import { db } from "@/lib/db/client";
import { apiIssuer } from "@/lib/edge/access-token";
import { installPeerAddressHeader } from "@/lib/runtime/peer-address";
import { decideDeviceRequest } from "./device-grant";
import { accessTokenHash } from "./dpop";
import { DEVICE_CODE_GRANT, deviceAuthorizationEndpoint, tokenEndpoint } from "./endpoints";

export const ORIGIN = "http://localhost:3000";
export const issuer = () => apiIssuer({ url: ORIGIN, headers: new Headers() });

export type DpopKey = { privateKey: CryptoKey; jwk: Awaited<ReturnType<typeof exportJWK>> };

export async function dpopKey(): Promise<DpopKey> {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  return { privateKey, jwk: await exportJWK(publicKey) };
}

export async function dpopProof(
  key: DpopKey,
  method: string,
  url: string,
  {
    accessToken,
    iat = Math.floor(Date.now() / 1000),
    jti = randomUUID(),
  }: { accessToken?: string; iat?: number; jti?: string } = {},
): Promise<string> {
  return new SignJWT({
    htm: method,
    htu: url,
    jti,
    ...(accessToken ? { ath: accessTokenHash(accessToken) } : {}),
  })
    .setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk: key.jwk })
    .setIssuedAt(iat)
    .sign(key.privateKey);
}

const userAgent = "hybrid-auth-cli/1.0 (test)";

/** A form post to one of the OAuth endpoints, with a fresh DPoP proof when a key is given. */
export async function formPost(
  path: string,
  form: Record<string, string>,
  key?: DpopKey,
  { ip }: { ip?: string } = {},
): Promise<Request> {
  const url = `${issuer()}${path}`;
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
    "user-agent": userAgent,
  };
  // The address our server would stamp on the request (lib/runtime/peer-address.ts).
  if (ip) headers[installPeerAddressHeader()] = ip;
  if (key) headers.dpop = await dpopProof(key, "POST", url);
  return new Request(url, { method: "POST", headers, body: new URLSearchParams(form) });
}

/** A call to /api/v1 as a client sends it: Bearer, or DPoP with a proof bound to the token. */
export async function apiRequest(
  path: string,
  token: string,
  { key, method = "GET", proof }: { key?: DpopKey; method?: string; proof?: string } = {},
): Promise<Request> {
  const url = `${issuer()}${path}`;
  const headers: Record<string, string> = { authorization: `${key || proof ? "DPoP" : "Bearer"} ${token}` };
  if (proof) headers.dpop = proof;
  else if (key) headers.dpop = await dpopProof(key, method, url, { accessToken: token });
  return new Request(url, { method, headers });
}

/**
 * A client signed in through the device grant as a user: the codes asked for,
 * approved as the user, polled after the interval (moved in the database).
 */
export async function signedInClient(
  userId: string,
  { clientId = "cli", key, scope }: { clientId?: string; key?: DpopKey | null; scope?: string } = {},
) {
  const dpop = key === undefined ? await dpopKey() : key;
  const started = await deviceAuthorizationEndpoint(
    await formPost("/api/oauth/device_authorization", { client_id: clientId, ...(scope ? { scope } : {}) }),
  );
  const { device_code, user_code } = (await started.json()) as { device_code: string; user_code: string };
  const approved = await decideDeviceRequest(user_code, "approve", {
    userId,
    sessionId: "approving-browser",
    authTime: new Date(),
    amr: ["pwd"],
    client: { ip: "198.51.100.7", userAgent: "vitest", deviceLabel: "Test device" },
  });
  if (!approved.ok) throw new Error(`approval failed: ${approved.problem}`);
  const res = await tokenEndpoint(
    await formPost(
      "/api/oauth/token",
      { grant_type: DEVICE_CODE_GRANT, device_code, client_id: clientId },
      dpop ?? undefined,
    ),
  );
  const tokens = (await res.json()) as { access_token: string; refresh_token: string; error?: string };
  if (!res.ok) throw new Error(`token request failed: ${tokens.error}`);
  const session = await db.session.findFirstOrThrow({ where: { userId }, orderBy: { createdAt: "desc" } });
  return { ...tokens, key: dpop ?? undefined, sessionId: session.id };
}

export async function refresh(refreshToken: string, key?: DpopKey, clientId = "cli") {
  const res = await tokenEndpoint(
    await formPost(
      "/api/oauth/token",
      { grant_type: "refresh_token", refresh_token: refreshToken, client_id: clientId },
      key,
    ),
  );
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}
