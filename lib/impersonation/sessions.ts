// "Sign in as user": an administrator's own, separate session as a user, to see
// what they see. It is marked with the administrator (Session.impersonatorId),
// ends 60 minutes after it starts whatever happens, does not count against the
// user's session cap, sends the user no new-sign-in mail, and is listed on the
// user's /devices as "Administrator (EMAIL)", where the user can revoke it. The
// administrator's own session is not touched: its cookie is set aside and put
// back when they stop (lib/impersonation/return.ts).

import { audit } from "@/lib/audit";
import type { CurrentSession } from "@/lib/auth/current";
import type { DbTx } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { impersonationExpiry } from "@/lib/sessions/policy";
import { endSessions, insertSession } from "@/lib/sessions/store";
import { newSessionToken } from "@/lib/sessions/token";
import { isLocked } from "@/lib/users/lock";

export const IMPERSONATION_METHOD = "impersonation";

type Start = { admin: CurrentSession; userId: string; reason: string; client: ClientInfo };

export type Started = {
  token: string;
  session: { id: string; userId: string; expires: Date; authTime: Date };
  /** When the administrator's own session ends: the set-aside cookie lives as long. */
  adminExpires: Date;
};

export async function startImpersonation(tx: DbTx, start: Start): Promise<Started | { error: string }> {
  const { admin, userId, reason, client } = start;
  if (userId === admin.user.id) return { error: "That is your own account." };
  const user = await tx.user.findUnique({
    where: { id: userId },
    select: { role: true, lockedAt: true, lockedUntil: true },
  });
  if (!user) return { error: "That user no longer exists." };
  // An administrator's account can do more than look: nobody signs in as one.
  if (user.role === "admin") return { error: "You cannot sign in as another administrator." };
  if (isLocked(user)) return { error: "That account is locked: unlock it first." };
  const own = await tx.session.findUnique({ where: { id: admin.sessionId }, select: { expires: true } });
  if (!own) return { error: "Your session has ended: sign in again." };
  const token = newSessionToken();
  const row = await insertSession(tx, {
    sessionToken: token,
    userId,
    expires: impersonationExpiry(),
    client,
    signInMethod: IMPERSONATION_METHOD,
    impersonatorId: admin.user.id,
  });
  await audit(tx, {
    action: "impersonation.started",
    actorUserId: admin.user.id,
    targetUserId: userId,
    sessionId: row.id,
    client,
    details: {
      reason,
      impersonatorId: admin.user.id,
      impersonatorEmail: admin.user.email,
      impersonatorSessionId: admin.sessionId,
    },
  });
  return { token, session: row, adminExpires: own.expires };
}

/** Ends the session as the user; the event names the administrator as actor and the user as target. */
export function endImpersonation(tx: DbTx, session: CurrentSession, client: ClientInfo) {
  return endSessions(tx, [{ id: session.sessionId, userId: session.user.id }], "impersonation_ended", {
    action: "impersonation.stopped",
    actorUserId: session.impersonator?.id,
    client,
  });
}
