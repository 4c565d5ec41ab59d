// Cookie writes for the two credentials. Only server actions and route handlers
// may call these: Next forbids setting cookies while a server component renders.
import { cookies, headers } from "next/headers";
import { config } from "@/lib/config/env";
import { offerBinding } from "@/lib/dbsc/offer";
import {
  cookieFlags,
  deviceCookieName,
  edgeCookieName,
  impersonatorCookieName,
  isHttps,
  pendingCookieName,
  sessionCookieName,
} from "@/lib/edge/cookies";
import { mintEdgeToken, type SessionClaims, sessionClaimsOf } from "@/lib/edge/token";

export async function requestIsHttps(): Promise<boolean> {
  return isHttps(await headers());
}

export async function setSessionCookie(token: string, expires: Date): Promise<void> {
  const secure = await requestIsHttps();
  (await cookies()).set(sessionCookieName(secure), token, { ...cookieFlags(secure), expires });
}

export async function readSessionCookie(): Promise<string | undefined> {
  return (await cookies()).get(sessionCookieName(await requestIsHttps()))?.value;
}

/**
 * Mints a fresh edge token for a session that was just checked against the
 * database. Not for a device-bound session (lib/dbsc): only its device's proof
 * renews that one, else a copied session cookie and edge token could keep each
 * other alive. Its cookie is cleared instead, and the browser renews it with a
 * signed refresh before its next request (a browser without the key cannot).
 */
export async function setEdgeCookie(claims: SessionClaims, { bound = false } = {}): Promise<void> {
  const secure = await requestIsHttps();
  const jar = await cookies();
  if (bound) return clearEdgeCookie();
  const token = await mintEdgeToken(claims);
  jar.set(edgeCookieName(secure), token, { ...cookieFlags(secure), maxAge: config().EDGE_TOKEN_TTL_SECONDS });
}

export async function clearEdgeCookie(): Promise<void> {
  const secure = await requestIsHttps();
  (await cookies()).delete({ name: edgeCookieName(secure), ...cookieFlags(secure) });
}

/**
 * What every sign-in response carries, whichever way the user came in: the
 * device cookie, the first edge token (so the first page needs no refresh), and
 * over https the offer to bind the session to this device (lib/dbsc).
 */
export async function setSignInCookies(session: {
  id: string;
  userId: string;
  role: string;
  authTime: Date;
  amr: string[];
  deviceId: string;
}): Promise<void> {
  await setDeviceCookie(session.deviceId);
  await setEdgeCookie(sessionClaimsOf({ ...session, user: { role: session.role } }));
  await offerBinding(session.id);
}

/** Browsers keep a cookie for at most 400 days; each sign-in renews it. */
const DEVICE_COOKIE_MAX_AGE = 400 * 24 * 3600;

export async function readDeviceCookie(): Promise<string | undefined> {
  return (await cookies()).get(deviceCookieName(await requestIsHttps()))?.value;
}

export async function setDeviceCookie(deviceId: string): Promise<void> {
  const secure = await requestIsHttps();
  (await cookies()).set(deviceCookieName(secure), deviceId, {
    ...cookieFlags(secure),
    maxAge: DEVICE_COOKIE_MAX_AGE,
  });
}

export async function setPendingSignInCookie(token: string, maxAge: number): Promise<void> {
  const secure = await requestIsHttps();
  (await cookies()).set(pendingCookieName(secure), token, { ...cookieFlags(secure), maxAge });
}

export async function readPendingSignInCookie(): Promise<string | undefined> {
  return (await cookies()).get(pendingCookieName(await requestIsHttps()))?.value;
}

export async function clearPendingSignInCookie(): Promise<void> {
  const secure = await requestIsHttps();
  (await cookies()).delete({ name: pendingCookieName(secure), ...cookieFlags(secure) });
}

/** "Sign in as user": the administrator's own session token, kept until they stop. */
export async function setAsideSessionCookie(token: string, expires: Date): Promise<void> {
  const secure = await requestIsHttps();
  (await cookies()).set(impersonatorCookieName(secure), token, { ...cookieFlags(secure), expires });
}

export async function readSetAsideSessionCookie(): Promise<string | undefined> {
  return (await cookies()).get(impersonatorCookieName(await requestIsHttps()))?.value;
}

export async function clearSetAsideSessionCookie(): Promise<void> {
  const secure = await requestIsHttps();
  (await cookies()).delete({ name: impersonatorCookieName(secure), ...cookieFlags(secure) });
}

/** The device cookie stays: it says which browser this is, not who is signed in. */
export async function clearCredentialCookies(): Promise<void> {
  const secure = await requestIsHttps();
  const jar = await cookies();
  jar.delete({ name: edgeCookieName(secure), ...cookieFlags(secure) });
  jar.delete({ name: sessionCookieName(secure), ...cookieFlags(secure) });
  jar.delete({ name: impersonatorCookieName(secure), ...cookieFlags(secure) });
}
