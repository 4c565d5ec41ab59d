// Cookie writes for the two credentials. Only server actions and route handlers
// may call these: Next forbids setting cookies while a server component renders.
import { cookies, headers } from "next/headers";
import { config } from "@/lib/config/env";
import { mintEdgeToken, type SessionClaims } from "@/lib/edge/token";
import {
  cookieFlags,
  deviceCookieName,
  edgeCookieName,
  impersonatorCookieName,
  isHttps,
  pendingCookieName,
  sessionCookieName,
} from "./cookies";

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

/** Mints a fresh edge token for a session that was just checked against the database. */
export async function setEdgeCookie(claims: SessionClaims): Promise<void> {
  const secure = await requestIsHttps();
  const token = await mintEdgeToken(claims);
  (await cookies()).set(edgeCookieName(secure), token, {
    ...cookieFlags(secure),
    maxAge: config().EDGE_TOKEN_TTL_SECONDS,
  });
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
