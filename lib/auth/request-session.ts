// The one decision on what a request's credentials amount to. Our pages, actions
// and route handlers ask it through getCurrentSession() (./current.ts); Auth.js's
// own /api/auth/* routes ask it through the adapter's session lookup (the
// per-request adapter in ./index.ts). A rule added here holds on both sides: a
// rule kept on one side only is a way around it (see pitfalls.md).
import { RequestCookies } from "next/dist/server/web/spec-extension/cookies";
import { type DbTx, db } from "@/lib/db/client";
import { edgeCookieName, isHttps, sessionCookieName } from "@/lib/edge/cookies";
import { verifyEdgeToken } from "@/lib/edge/token";
import { type ActiveSession, findSessionByToken } from "@/lib/sessions/store";
import { SPAN_NAMES, traced } from "@/lib/telemetry/spans";

/** The two credentials as a request presents them (either may be missing). */
export type PresentedCredentials = { sessionToken: string | undefined; edgeToken: string | undefined };

/** Read from a request's headers, under the only names Auth.js is told to use on this scheme. */
export function credentialsIn(headers: Headers): PresentedCredentials {
  const https = isHttps(headers);
  const jar = new RequestCookies(headers);
  return {
    sessionToken: jar.get(sessionCookieName(https))?.value,
    edgeToken: jar.get(edgeCookieName(https))?.value,
  };
}

/**
 * The session these credentials open, or null. The lookup applies the absolute
 * and idle timeouts (ending a session that ran out), the account lock, the "end
 * every session" cutoff and the impersonator's role. Then device binding: a
 * bound session counts only with a valid edge token of its own, which only the
 * device's key renews (lib/dbsc), so a copied session cookie is no session
 * anywhere, and a copied edge token dies within its TTL.
 *
 * A database outage throws: it must never look like "signed out".
 */
export function sessionOf(presented: PresentedCredentials, client: DbTx = db): Promise<ActiveSession | null> {
  return traced(
    SPAN_NAMES.sessionCheck,
    () => findPresentedSession(presented, client),
    (session) => (session ? "valid" : presented.sessionToken ? "invalid" : "none"),
  );
}

async function findPresentedSession(
  presented: PresentedCredentials,
  client: DbTx,
): Promise<ActiveSession | null> {
  if (!presented.sessionToken) return null;
  const session = await findSessionByToken(presented.sessionToken, client);
  if (!session) return null;
  if (session.boundAt && !(await isEdgeTokenOf(presented.edgeToken, session.id))) return null;
  return session;
}

/** Whether `edgeToken` is valid (not expired, not tampered) and was minted for this session. */
export async function isEdgeTokenOf(edgeToken: string | undefined, sessionId: string): Promise<boolean> {
  return (await verifyEdgeToken(edgeToken))?.sid === sessionId;
}
