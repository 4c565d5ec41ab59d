// Names and flags of the two credential cookies. Edge-safe (middleware reads them).
// The session cookie's name must be the one Auth.js derives, or auth() sees nothing:
// `__Secure-` prefixed exactly when Auth.js thinks the request is https.

export const SESSION_COOKIE = "authjs.session-token";
export const EDGE_COOKIE = "edge-token";

/** The same rule Auth.js applies: AUTH_URL's scheme if set, else the proxy's x-forwarded-proto. */
export function isHttps(headers: Headers): boolean {
  const authUrl = process.env.AUTH_URL;
  if (authUrl) return authUrl.startsWith("https:");
  return headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

export function sessionCookieName(secure: boolean): string {
  return secure ? `__Secure-${SESSION_COOKIE}` : SESSION_COOKIE;
}

/** `__Host-` on https: no Domain, Path=/, Secure; a sibling subdomain cannot plant one. */
export function edgeCookieName(secure: boolean): string {
  return secure ? `__Host-${EDGE_COOKIE}` : EDGE_COOKIE;
}

export function cookieFlags(secure: boolean) {
  return { httpOnly: true, secure, sameSite: "lax" as const, path: "/" };
}
