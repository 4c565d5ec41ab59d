// A user's own security events, from the audit log, in words: what happened,
// who did it ("you on Firefox on Windows", "an administrator"), from where. Only
// events whose target is the signed-in user (and "end every session", which
// targets everyone) are ever read, so a cursor made from someone else's event id
// only positions within the user's own rows.
import { type PageRequest, pageQuery, toPage } from "@/lib/admin/cursor";
import type { AuditAction } from "@/lib/audit";
import { db } from "@/lib/db/client";
import { deviceLabel } from "@/lib/http/device-label";

export const ACTIVITY_PAGE_SIZE = 50;

/** Every action has words, so a new kind of event cannot appear unnamed. */
const WHAT: Record<AuditAction, string> = {
  "user.created": "Account created",
  "user.deleted": "Account deleted",
  "user.data_exported": "Your data was downloaded",
  "account.linked": "Sign-in provider connected",
  "account.unlinked": "Sign-in provider disconnected",
  "account.link_refused": "Connecting a sign-in provider refused",
  "session.created": "Signed in",
  "session.signed_out": "Signed out",
  "session.revoked": "A device was signed out",
  "session.expired": "A session expired",
  "session.ended_all": "Every session was ended",
  "login.failed": "Failed sign-in attempt",
  "login.throttled": "Sign-in attempts blocked",
  "signup.throttled": "Sign-ups blocked",
  "password.changed": "Password changed",
  "password.change_failed": "Wrong current password entered",
  "password.reset_requested": "Password reset link sent",
  "password.reset": "Password reset",
  "account.locked": "Account locked",
  "account.unlocked": "Account unlocked",
  "role.changed": "Role changed",
  "sign_in.new_device": "New-device alert sent",
  "email.verification_sent": "Verification link sent",
  "email.verified": "Email address verified",
  "email.change_requested": "Change of email address asked for",
  "email.changed": "Email address changed",
  "email.unverified_access_removed": "Sign-in methods added before the address was verified were removed",
  "session.reauthenticated": "Identity confirmed",
  "session.reauthentication_failed": "Identity confirmation failed",
  "mail.retried": "Message sent again",
  "passkey.added": "Passkey added",
  "passkey.renamed": "Passkey renamed",
  "passkey.removed": "Passkey removed",
  "two_factor.enabled": "Two-factor sign-in turned on",
  "two_factor.disabled": "Two-factor sign-in turned off",
  "two_factor.codes_regenerated": "New recovery codes made",
  "two_factor.recovery_used": "Signed in with a recovery code",
  "two_factor.failed": "Wrong authentication code",
  "session.bound": "Session bound to the device",
  "session.binding_failed": "Binding a session to a device failed",
  "session.refresh_refused": "Session renewal refused (no proof from the device)",
  "impersonation.started": "An administrator signed in as you",
  "impersonation.stopped": "An administrator's session as you ended",
  "impersonation.refused": "An administrator signed in as you was refused a change",
  "api.device_approved": "A program's sign-in approved",
  "api.device_denied": "A program's sign-in denied",
  "api.device_code_refused": "Wrong device code entered",
  "api.refresh_reused": "A program's old token was used again: its sign-in ended",
};

/** Why a session ended, when the event says. */
const ENDED_BECAUSE: Record<string, string> = {
  revoked: "revoked from the devices page",
  revoked_others: "all other devices signed out",
  password_change: "the password was changed",
  password_reset: "the password was reset",
  email_change: "the email address was changed",
  account_locked: "the account was locked",
  admin: "by an administrator",
  session_cap: "too many sessions: the least recently used one ended",
  not_me: `reported as "This wasn't me"`,
  replaced: "replaced by a new sign-in",
  idle: "unused for too long",
  expired: "reached its maximum age",
  impersonation_ended: "the administrator stopped",
  user_deleted: "the account was deleted",
  refresh_reuse: "an old token of it was used again",
};

export type ActivityRow = { id: string; at: Date; what: string; by: string; device: string; ip: string };

function inWords(
  e: {
    action: string;
    actorUserId: string | null;
    userAgent: string | null;
    details: unknown;
  },
  me: string,
): { what: string; by: string } {
  const what = WHAT[e.action as AuditAction] ?? e.action;
  const reason = (e.details as { reason?: unknown } | null)?.reason;
  const why = typeof reason === "string" && ENDED_BECAUSE[reason] ? ` (${ENDED_BECAUSE[reason]})` : "";
  const impersonator = (e.details as { impersonatorEmail?: unknown } | null)?.impersonatorEmail;
  const by =
    typeof impersonator === "string"
      ? `an administrator (${impersonator}) signed in as you`
      : e.actorUserId === null
        ? e.action === "login.failed" || e.action === "login.throttled"
          ? "someone"
          : "automatically"
        : e.actorUserId === me
          ? `you on ${deviceLabel(e.userAgent)}`
          : "an administrator";
  return { what: what + why, by };
}

/** The audit rows that are the user's own: about them, and "end every session" while the account existed. */
function ownEvents(userId: string, since: Date) {
  return {
    OR: [
      { targetUserId: userId },
      // "End every session" targets everyone: it is the user's too, from when the account existed.
      { action: "session.ended_all", targetUserId: null, createdAt: { gte: since } },
    ],
  };
}

const EVENT_COLUMNS = {
  id: true,
  createdAt: true,
  action: true,
  actorUserId: true,
  userAgent: true,
  ip: true,
  details: true,
} as const;

type EventRow = {
  id: string;
  createdAt: Date;
  action: string;
  actorUserId: string | null;
  userAgent: string | null;
  ip: string | null;
  details: unknown;
};

function activityRow(e: EventRow, userId: string): ActivityRow {
  return {
    id: e.id,
    at: e.createdAt,
    ...inWords(e, userId),
    device: e.userAgent ? deviceLabel(e.userAgent) : "—",
    ip: e.ip ?? "—",
  };
}

export async function listOwnActivity(userId: string, page: PageRequest) {
  const { where, orderBy } = pageQuery("createdAt", page);
  const user = await db.user.findUnique({ where: { id: userId }, select: { createdAt: true } });
  if (!user) return { rows: [] };
  const rows = await db.auditEvent.findMany({
    where: { AND: [where, ownEvents(userId, user.createdAt)] },
    orderBy,
    take: ACTIVITY_PAGE_SIZE + 1,
    select: EVENT_COLUMNS,
  });
  const result = toPage(rows, ACTIVITY_PAGE_SIZE, page, (r) => r.createdAt);
  return { ...result, rows: result.rows.map((e) => activityRow(e, userId)) };
}

/**
 * The user's events, newest first, in the words of the activity page: all of
 * them ("Download my data") or the latest `take` (the dashboard's overview).
 */
export async function ownActivity(userId: string, since: Date, take?: number): Promise<ActivityRow[]> {
  const rows = await db.auditEvent.findMany({
    where: ownEvents(userId, since),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: EVENT_COLUMNS,
  });
  return rows.map((e) => activityRow(e, userId));
}
