// The database check every page, action and route handler goes through. The edge
// token only decides whether a request reaches us; this decides what it may do.
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/lib/auth";

export type CurrentSession = {
  sessionId: string;
  user: { id: string; email: string; name: string | null; role: string };
};

/** Memoised per request: a page and its components share one lookup. */
export const getCurrentSession = cache(async (): Promise<CurrentSession | null> => {
  const session = await auth();
  if (!session?.sessionId) return null;
  return { sessionId: session.sessionId, user: session.user };
});

/** The path middleware saw, so a redirect to /login can bring the user back. */
export async function currentPath(): Promise<string> {
  return (await headers()).get("x-current-path") ?? "/dashboard";
}

export async function requireSession(): Promise<CurrentSession> {
  const session = await getCurrentSession();
  if (!session) redirect(`/login?next=${encodeURIComponent(await currentPath())}`);
  return session;
}

/** Admin pages: the role is read from the database on this request, not from the edge token. */
export async function requireAdmin(): Promise<CurrentSession> {
  const session = await requireSession();
  if (session.user.role !== "admin") forbidden();
  return session;
}

/** The database check with its cost, for route handlers that report it in Server-Timing. */
export async function timedSession(): Promise<{ session: CurrentSession | null; serverTiming: string }> {
  const started = performance.now();
  const session = await getCurrentSession();
  const ms = (performance.now() - started).toFixed(2);
  return { session, serverTiming: `db-session;dur=${ms};desc="database session check"` };
}
