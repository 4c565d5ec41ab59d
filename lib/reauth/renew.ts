// Re-authentication: the one place a session's authentication time and amr
// move forward, whatever proved the person (step-up's "Confirm it's you", the
// current password on the password and email forms, a fresh provider sign-in).
import { setEdgeCookie } from "@/lib/auth/credentials";
import { type CurrentSession, edgeClaimsOf } from "@/lib/auth/current";
import { db } from "@/lib/db/client";

/**
 * The session's authentication time moves to now and `method` joins its amr,
 * in the database and in a re-minted edge token; null if the session ended.
 */
export async function renewAuthentication(
  session: CurrentSession,
  /** An RFC 8176 value, or the provider's id when confirmed at a provider. */
  method: string,
): Promise<CurrentSession | null> {
  const authTime = new Date();
  const amr = [...new Set([...session.amr, method])];
  const { count } = await db.session.updateMany({
    where: { id: session.sessionId },
    data: { authTime, amr: amr.join(" ") },
  });
  if (count === 0) return null;
  const renewed = { ...session, authTime, amr };
  await setEdgeCookie(edgeClaimsOf(renewed), { bound: renewed.bound });
  return renewed;
}
