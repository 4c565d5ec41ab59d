// The shapes of the OAuth endpoints' answers (RFC 6749 section 5, RFC 8628
// section 3.5, RFC 6750 section 3): JSON, never cached, never a stack trace.
export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "invalid_scope"
  | "unsupported_grant_type"
  | "unsupported_token_type"
  | "authorization_pending"
  | "slow_down"
  | "access_denied"
  | "expired_token"
  | "invalid_dpop_proof";

export type OAuthError = { error: OAuthErrorCode; description: string };

const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };

export const oauthError = (error: OAuthErrorCode, description: string): OAuthError => ({
  error,
  description,
});

export function isOAuthError(value: unknown): value is OAuthError {
  return typeof value === "object" && value !== null && "error" in value && "description" in value;
}

export function oauthErrorResponse({ error, description }: OAuthError): Response {
  // RFC 6749: an unknown client that tried to authenticate gets 401; the device grant's waiting states are 400s.
  const status = error === "invalid_client" ? 401 : 400;
  return Response.json({ error, error_description: description }, { status, headers: NO_STORE });
}

export function oauthJson(body: object, status = 200): Response {
  return Response.json(body, { status, headers: NO_STORE });
}
