import { redirect } from "next/navigation";
import type { Impersonator } from "@/lib/audit";
import {
  clearCredentialCookies,
  clearSetAsideSessionCookie,
  readSetAsideSessionCookie,
  setEdgeCookie,
  setSessionCookie,
} from "@/lib/auth/credentials";
import type { CurrentSession } from "@/lib/auth/current";
import { db } from "@/lib/db/client";
import { sessionClaimsOf } from "@/lib/edge/token";
import type { ClientInfo } from "@/lib/http/client-info";
import { findSessionByToken } from "@/lib/sessions/store";
import { endImpersonation } from "./sessions";

/**
 * Puts the set-aside session back if it is still a valid administrator's session
 * (and, when known, the administrator's who was impersonating). Once looked up,
 * the cookie is gone either way: a stale or planted one is never tried twice.
 * During an outage the lookup throws and the cookie stays for the next try.
 */
export async function returnToOwnSession(adminId?: string): Promise<boolean> {
  const token = await readSetAsideSessionCookie();
  if (!token) return false;
  const own = await findSessionByToken(token);
  await clearSetAsideSessionCookie();
  if (!own || own.impersonator || own.user.role !== "admin") return false;
  if (adminId && own.userId !== adminId) return false;
  await setSessionCookie(token, own.expires);
  await setEdgeCookie(sessionClaimsOf(own), { bound: own.boundAt !== null });
  return true;
}

/**
 * "Stop impersonating" (and sign out while impersonating): ends the session as
 * the user and puts the administrator's own back without signing in again, or
 * goes to /login if that one has ended meanwhile.
 */
export async function stopImpersonating(
  session: CurrentSession,
  by: Impersonator,
  client: ClientInfo,
): Promise<never> {
  await db.$transaction((tx) => endImpersonation(tx, session, client));
  if (!(await returnToOwnSession(by.id))) {
    await clearCredentialCookies();
    redirect("/login");
  }
  redirect(`/admin/sessions?email=${encodeURIComponent(session.user.email)}`);
}
