import { AsyncLocalStorage } from "node:async_hooks";
import type { DbTx } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { countAuditEvent } from "@/lib/metrics/events";

export const AUDIT_ACTIONS = [
  "user.created",
  "user.deleted",
  "user.data_exported",
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
  "account.link_refused",
  "sign_in.new_device",
  "email.verification_sent",
  "email.verified",
  "email.change_requested",
  "email.changed",
  "email.unverified_access_removed",
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
  "session.bound",
  "session.binding_failed",
  "session.refresh_refused",
  "impersonation.started",
  "impersonation.stopped",
  "impersonation.refused",
  "api.device_approved",
  "api.device_denied",
  "api.device_code_refused",
  "api.refresh_reused",
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

/** The administrator behind a session started with "Sign in as user". */
export type Impersonator = { id: string; email: string };

const impersonation = new AsyncLocalStorage<Impersonator>();

/**
 * Runs `body` so that every event it writes also names the administrator who is
 * really acting (the action wrappers call it), so no action can forget to.
 */
export function auditedAs<T>(impersonator: Impersonator | null, body: () => Promise<T>): Promise<T> {
  return impersonator ? impersonation.run(impersonator, body) : body();
}

/** Append one event. Pass the transaction client when the event must agree with other writes. */
export async function audit(tx: DbTx, event: AuditInput): Promise<void> {
  countAuditEvent(event);
  await tx.auditEvent.create({
    data: {
      action: event.action,
      actorUserId: event.actorUserId ?? null,
      targetUserId: event.targetUserId ?? null,
      sessionId: event.sessionId ?? null,
      ip: event.client?.ip ?? null,
      userAgent: event.client?.userAgent ?? null,
      details: withImpersonator(event.details) ?? undefined,
    },
  });
}

function withImpersonator(details: AuditInput["details"]): AuditInput["details"] {
  const by = impersonation.getStore();
  return by ? { ...details, impersonatorId: by.id, impersonatorEmail: by.email } : details;
}
