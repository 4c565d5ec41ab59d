// Cookie writes for the two credentials. Only server actions and route handlers
// may call these: Next forbids setting cookies while a server component renders.
import { cookies, headers } from "next/headers";
import { config } from "@/lib/config/env";
import { mintEdgeToken } from "@/lib/edge/token";
import { cookieFlags, edgeCookieName, isHttps, sessionCookieName } from "./cookies";

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
export async function setEdgeCookie(claims: { sub: string; sid: string; role: string }): Promise<void> {
  const secure = await requestIsHttps();
  const token = await mintEdgeToken(claims);
  (await cookies()).set(edgeCookieName(secure), token, {
    ...cookieFlags(secure),
    maxAge: config().EDGE_TOKEN_TTL_SECONDS,
  });
}

export async function clearCredentialCookies(): Promise<void> {
  const secure = await requestIsHttps();
  const jar = await cookies();
  jar.delete({ name: edgeCookieName(secure), ...cookieFlags(secure) });
  jar.delete({ name: sessionCookieName(secure), ...cookieFlags(secure) });
}
