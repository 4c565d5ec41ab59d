// Step-up: ending sessions and every admin action need the user to have proved
// who they are on this session within STEP_UP_MAX_AGE_SECONDS. The clock starts
// at sign-in and restarts at each confirmation, never at activity, so a session
// kept alive for days (or a cookie copied to another browser) cannot act on the
// account without the password once the window has passed.
import { audit } from "@/lib/audit";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { checkPassword, refusalMessage } from "./check-password";
import type { CurrentSession } from "./current";

export function recentlyAuthenticated(session: Pick<CurrentSession, "authTime">, now = new Date()): boolean {
  return now.getTime() - session.authTime.getTime() < config().STEP_UP_MAX_AGE_SECONDS * 1000;
}

/**
 * The dialog confirms with the password. An account without one (provider-only,
 * or passkeys only) cannot confirm that way yet, so for it the window is not
 * enforced rather than locking its owner out of ending sessions.
 */
export async function canConfirmIdentity(session: Pick<CurrentSession, "user">): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: session.user.id }, select: { passwordHash: true } });
  return Boolean(user?.passwordHash);
}

export type Confirmation = { ok: true; session: CurrentSession } | { ok: false; error: string };

/**
 * "Confirm it's you" with the password: the same limiter as sign-in (a refused
 * confirmation counts as a failed sign-in), then the session's authentication
 * time moves to now and "pwd" joins its methods.
 */
export async function confirmWithPassword(
  session: CurrentSession,
  password: string,
  client: ClientInfo,
): Promise<Confirmation> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: session.user.id },
    select: { passwordHash: true },
  });
  const check = await checkPassword({
    key: session.user.email,
    client,
    password,
    hash: user.passwordHash,
    userId: session.user.id,
  });
  const event = {
    actorUserId: session.user.id,
    targetUserId: session.user.id,
    sessionId: session.sessionId,
    client,
  };
  if (!check.ok) {
    if (check.reason === "wrong") await audit(db, { action: "session.reauthentication_failed", ...event });
    return { ok: false, error: refusalMessage(check, "The password is incorrect.") };
  }
  const authTime = new Date();
  const amr = [...new Set([...session.amr, "pwd"])];
  const { count } = await db.session.updateMany({
    where: { id: session.sessionId },
    data: { authTime, amr: amr.join(" ") },
  });
  // Ended while the password was being checked: nothing to confirm.
  if (count === 0) return { ok: false, error: "This session has ended. Sign in again." };
  await audit(db, { action: "session.reauthenticated", ...event, details: { method: "pwd" } });
  return { ok: true, session: { ...session, authTime, amr } };
}
