// What a client or another service learns about us without asking anyone:
// RFC 8414 metadata and the public signing keys (RFC 7517).
import { config } from "@/lib/config/env";
import { apiAudience } from "@/lib/edge/access-token";
import { publishedKeys } from "@/lib/edge/api-keys";
import { API_SCOPES } from "./clients";
import { DPOP_ALGS } from "./dpop";
import { DEVICE_CODE_GRANT } from "./endpoints";

export function authorizationServerMetadata(issuer: string) {
  return {
    issuer,
    device_authorization_endpoint: `${issuer}/api/oauth/device_authorization`,
    token_endpoint: `${issuer}/api/oauth/token`,
    revocation_endpoint: `${issuer}/api/oauth/revoke`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    grant_types_supported: [DEVICE_CODE_GRANT, "refresh_token"],
    response_types_supported: [],
    scopes_supported: [...API_SCOPES],
    token_endpoint_auth_methods_supported: ["none"],
    revocation_endpoint_auth_methods_supported: ["none"],
    dpop_signing_alg_values_supported: [...DPOP_ALGS],
    // Not in RFC 8414: where our access tokens are meant to be used (their `aud`).
    resource: apiAudience(issuer),
  };
}

/**
 * The keys, and how long a copy may be used: a quarter of a rotation period, so
 * a verifier's cached set always has a new key before its first token arrives.
 */
export async function jwks(nowMs = Date.now()) {
  const keys = (await publishedKeys(nowMs)).map((k) => k.jwk);
  const maxAge = Math.min(3600, Math.floor(config().API_SIGNING_KEY_ROTATION_SECONDS / 4));
  return { keys, maxAge };
}
