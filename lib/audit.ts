import type { DbTx } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";

export const AUDIT_ACTIONS = [
  "user.created",
  "user.deleted",
  "session.created",
  "session.signed_out",
  "session.revoked",
  "session.expired",
  "session.ended_all",
  "login.failed",
  "login.throttled",
  "signup.throttled",
  "password.changed",
  "password.change_failed",
  "account.locked",
  "account.unlocked",
  "role.changed",
  "account.linked",
  "account.unlinked",
  "sign_in.new_device",
  "email.verification_sent",
  "email.verified",
  "email.change_requested",
  "email.changed",
  "password.reset_requested",
  "password.reset",
  "session.reauthenticated",
  "session.reauthentication_failed",
  "mail.retried",
  "passkey.added",
  "passkey.renamed",
  "passkey.removed",
  "two_factor.enabled",
  "two_factor.disabled",
  "two_factor.codes_regenerated",
  "two_factor.recovery_used",
  "two_factor.failed",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditInput = {
  action: AuditAction;
  actorUserId?: string | null;
  targetUserId?: string | null;
  sessionId?: string | null;
  client?: Pick<ClientInfo, "ip" | "userAgent"> | null;
  details?: Record<string, string | number | boolean | null>;
};

/** Append one event. Pass the transaction client when the event must agree with other writes. */
export async function audit(tx: DbTx, event: AuditInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      action: event.action,
      actorUserId: event.actorUserId ?? null,
      targetUserId: event.targetUserId ?? null,
      sessionId: event.sessionId ?? null,
      ip: event.client?.ip ?? null,
      userAgent: event.client?.userAgent ?? null,
      details: event.details ?? undefined,
    },
  });
}
