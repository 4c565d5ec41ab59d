// Names and flags of the two credential cookies. Edge-safe (middleware reads them).
// Auth.js is told these names (lib/authjs/index.ts), so sign-in, every session check,
// signOut() and /api/auth/* agree on which cookie is the session on each request.

export const SESSION_COOKIE = "authjs.session-token";
export const EDGE_COOKIE = "edge-token";
/** Not a credential: a random id by which "New sign-in" alerts recognise a browser. */
export const DEVICE_COOKIE = "device-id";

/** Whether this request reached us over https: AUTH_URL's scheme if set, else the proxy's x-forwarded-proto. */
export function isHttps(headers: Headers): boolean {
  const authUrl = process.env.AUTH_URL;
  if (authUrl) return authUrl.startsWith("https:");
  return headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

/**
 * `__Host-` on https: the browser takes it only with Secure, Path=/ and no Domain,
 * so a sibling subdomain cannot plant one (it could plant a `__Secure-` one).
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
}

/** `__Host-` on https, like the session cookie. */
export function edgeCookieName(secure: boolean): string {
  return secure ? `__Host-${EDGE_COOKIE}` : EDGE_COOKIE;
}

/** Between the password and the second factor: a pending sign-in, not a session. */
export function pendingCookieName(secure: boolean): string {
  return secure ? "__Host-pending-sign-in" : "pending-sign-in";
}

/**
 * While an administrator is signed in as a user: their own session's token, set
 * aside so "Stop impersonating" can go back to it. A credential like the session
 * cookie, with the same flags.
 */
export function impersonatorCookieName(secure: boolean): string {
  return secure ? "__Host-impersonator-session" : "impersonator-session";
}

/**
 * Between "Connect NAME" and the provider's callback: the token of the connect
 * intent (lib/auth/connect-intent.ts), which only this browser carries back.
 */
export function connectIntentCookieName(secure: boolean): string {
  return secure ? "__Host-connect-intent" : "connect-intent";
}

export function deviceCookieName(secure: boolean): string {
  return secure ? `__Host-${DEVICE_COOKIE}` : DEVICE_COOKIE;
}

export function cookieFlags(secure: boolean) {
  return { httpOnly: true, secure, sameSite: "lax" as const, path: "/" };
}
