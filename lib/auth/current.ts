// The database check every page, action and route handler goes through. The edge
// token only decides whether a request reaches us; this decides what it may do.
import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import type { Impersonator } from "@/lib/audit";
import { asOutage, DatabaseUnavailableError } from "@/lib/db/unavailable";
import { findSessionByToken } from "@/lib/sessions/store";
import { ADMIN_MFA_SETUP, adminMfaRequired, hasSecondFactor } from "./admin-mfa";
import { impersonatorCookieName, isHttps, sessionCookieName } from "./cookies";

export type CurrentSession = {
  sessionId: string;
  /** When and how the user last proved who they are on this session (step-up reads it). */
  authTime: Date;
  amr: string[];
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
  // Only the name Auth.js is told to read: on https the `__Host-` one, never a planted `__Secure-` or plain one.
  const name = sessionCookieName(isHttps(await headers()));
  const token = (await cookies()).get(name)?.value;
  if (!token) return null;
  try {
    const session = await findSessionByToken(token);
    return (
      session && {
        sessionId: session.id,
        authTime: session.authTime,
        amr: session.amr,
        user: session.user,
        impersonator: session.impersonator,
      }
    );
  } catch (err) {
    throw asOutage(err);
  }
});

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
    // their own session set aside: the refresh route puts it back, or goes to /login.
    const stashed = (await cookies()).has(impersonatorCookieName(isHttps(await headers())));
    redirect(stashed ? `/api/session/refresh?next=${next}` : `/login?next=${next}`);
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

/** What the edge token carries for a session that was just checked against the database. */
export function edgeClaimsOf(session: CurrentSession) {
  return {
    sub: session.user.id,
    sid: session.sessionId,
    role: session.user.role,
    authTime: session.authTime,
    amr: session.amr,
    impersonatorId: session.impersonator?.id,
  };
}
