// The database check every page, action and route handler goes through. The edge
// token only decides whether a request reaches us; this decides what it may do.
import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import type { Impersonator } from "@/lib/audit";
import { asOutage, DatabaseUnavailableError } from "@/lib/db/unavailable";
import { ADMIN_MFA_SETUP, adminMfaRequired, hasSecondFactor } from "@/lib/edge/admin-mfa";
import { edgeCookieName, impersonatorCookieName, isHttps, sessionCookieName } from "@/lib/edge/cookies";
import { sessionClaimsOf, verifyEdgeToken } from "@/lib/edge/token";
import { type ActiveSession, findSessionByToken } from "@/lib/sessions/store";
import { type PresentedCredentials, sessionOf } from "./request-session";

export type CurrentSession = {
  sessionId: string;
  /** When and how the user last proved who they are on this session (step-up reads it). */
  authTime: Date;
  amr: string[];
  /** Bound to a key on the device (lib/dbsc): its edge token is renewed only with a proof. */
  bound: boolean;
  user: { id: string; email: string; name: string | null; role: string };
  /** Set while an administrator is signed in as this user: they may look, not take over. */
  impersonator: Impersonator | null;
};

/**
 * The same lookup Auth.js's auth() makes through our adapter, without the HTTP
 * round trip auth() runs inside the server (a Request, a new CSRF token, a
 * Response parsed again): that machinery cost more CPU than the query itself.
 * Auth.js still creates and ends every session. Memoised per request.
 *
 * When the database cannot be reached it throws a DatabaseUnavailableError (the
 * request answers 503), never null: an outage must not look like "signed out",
 * which would send the user to /login or clear their cookies.
 */
export const getCurrentSession = cache(async (): Promise<CurrentSession | null> => {
  let session: ActiveSession | null;
  try {
    // The same decision the adapter makes for Auth.js's own routes (./request-session.ts).
    session = await sessionOf(await presentedCredentials());
  } catch (err) {
    throw asOutage(err);
  }
  if (!session) return null;
  return {
    sessionId: session.id,
    authTime: session.authTime,
    amr: session.amr,
    bound: session.boundAt !== null,
    user: session.user,
    impersonator: session.impersonator,
  };
});

/**
 * The request's credentials as this request sees them: cookies() reflects what
 * an action set earlier in the same request (a renewed or cleared edge token).
 * Only the names Auth.js is told to read: on https the `__Host-` ones, never a
 * planted `__Secure-` or plain one.
 */
async function presentedCredentials(): Promise<PresentedCredentials> {
  const https = isHttps(await headers());
  const jar = await cookies();
  return {
    sessionToken: jar.get(sessionCookieName(https))?.value,
    edgeToken: jar.get(edgeCookieName(https))?.value,
  };
}

/**
 * A bound session presented without its edge token, as a copied cookie would be;
 * else null. Only for saying so (the refresh route audits it): it is no session.
 * `leftByImpersonation`: the edge token it came with is a live one of a session
 * as a user that this administrator started. A DBSC refresh answered just after
 * "Stop impersonating" leaves one behind (the refresh read the cookies of the
 * session as the user); the device's proof renews the right one.
 */
export async function boundSessionWithoutProof(): Promise<
  (Pick<ActiveSession, "id" | "userId"> & { leftByImpersonation: boolean }) | null
> {
  const { sessionToken, edgeToken } = await presentedCredentials();
  if (!sessionToken) return null;
  let session: ActiveSession | null;
  try {
    session = await findSessionByToken(sessionToken);
  } catch (err) {
    throw asOutage(err);
  }
  if (!session?.boundAt) return null;
  const claims = await verifyEdgeToken(edgeToken);
  if (claims?.sid === session.id) return null;
  return { id: session.id, userId: session.userId, leftByImpersonation: claims?.act?.sub === session.userId };
}

/**
 * For what every page shows (the header) and the public pages (landing, /login,
 * /signup), which must render during an outage: the session, or null when there
 * is none or it cannot be read right now. Nothing may act on that null as a
 * sign-out; pages that need the user call requireSession().
 */
export async function sessionIfReadable(): Promise<CurrentSession | null> {
  try {
    return await getCurrentSession();
  } catch (err) {
    if (err instanceof DatabaseUnavailableError) return null;
    throw err;
  }
}

/** The path middleware saw, so a redirect to /login can bring the user back. */
export async function currentPath(): Promise<string> {
  return (await headers()).get("x-current-path") ?? "/dashboard";
}

export async function requireSession(): Promise<CurrentSession> {
  const session = await getCurrentSession();
  if (!session) {
    const next = encodeURIComponent(await currentPath());
    // An administrator whose session as a user just ended (revoked, timed out) has
    // their own session set aside, or is back in it with that session's edge token
    // left behind: the refresh route puts things right, or goes to /login.
    const stashed = (await cookies()).has(impersonatorCookieName(isHttps(await headers())));
    const backFromUser = stashed || (await boundSessionWithoutProof())?.leftByImpersonation;
    redirect(backFromUser ? `/api/session/refresh?next=${next}` : `/login?next=${next}`);
  }
  return session;
}

/** Admin pages: the role is read from the database on this request, not from the edge token. */
export async function requireAdmin(): Promise<CurrentSession> {
  const session = await requireSession();
  // Signed in as a user, an administrator has that user's rights only.
  if (session.user.role !== "admin" || session.impersonator) forbidden();
  // Re-checked here against the database session, whatever the edge token said.
  if (adminMfaRequired() && !hasSecondFactor(session.amr)) redirect(ADMIN_MFA_SETUP);
  return session;
}

/** The database check with its cost, for route handlers that report it in Server-Timing. */
export async function timedSession(): Promise<{ session: CurrentSession | null; serverTiming: string }> {
  const started = performance.now();
  const session = await getCurrentSession();
  const ms = (performance.now() - started).toFixed(2);
  return { session, serverTiming: `db-session;dur=${ms};desc="database session check"` };
}

/** What the edge token carries for the request's session, just checked against the database. */
export function edgeClaimsOf(session: CurrentSession) {
  return sessionClaimsOf({ ...session, id: session.sessionId, userId: session.user.id });
}
