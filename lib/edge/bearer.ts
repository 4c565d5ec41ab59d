// How a request to /api/v1 carries its access token, and what it is told when
// the token will not do (RFC 6750 section 3, RFC 9449 section 7.1). Shared by
// the edge gate and the route handlers, so both answer alike. Edge-safe.
export type PresentedToken = { scheme: "Bearer" | "DPoP"; token: string };

export type BearerErrorCode =
  | "invalid_token"
  | "insufficient_scope"
  | "invalid_request"
  | "invalid_dpop_proof"
  | "insufficient_user_authentication";

const TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** The Authorization header's token: exactly one, by the Bearer or DPoP scheme; never from a cookie or the URL. */
export function presentedToken(headers: Headers): PresentedToken | null {
  const value = headers.get("authorization");
  if (!value) return null;
  const [scheme, token, ...rest] = value.trim().split(/\s+/);
  if (rest.length > 0 || !token || !TOKEN.test(token)) return null;
  if (scheme?.toLowerCase() === "bearer") return { scheme: "Bearer", token };
  if (scheme?.toLowerCase() === "dpop") return { scheme: "DPoP", token };
  return null;
}

export function bearerError(
  status: 400 | 401 | 403,
  error: BearerErrorCode | null,
  description: string,
  extra: Record<string, string> = {},
): Response {
  const params = [
    'realm="api"',
    ...(error ? [`error="${error}"`, `error_description="${description.replace(/["\\]/g, "")}"`] : []),
    ...Object.entries(extra).map(([k, v]) => `${k}="${v}"`),
  ].join(", ");
  return Response.json(
    { error: error ?? "invalid_token", error_description: description },
    {
      status,
      headers: {
        "cache-control": "no-store",
        "www-authenticate": `Bearer ${params}, DPoP ${params}, algs="ES256 EdDSA"`,
      },
    },
  );
}
