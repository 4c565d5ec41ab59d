// What the admin console changes on an account: lock, unlock, role, and a
// failed message sent again. Each is one transaction with its audit event;
// the wording for the page is the action's (lib/actions/admin.ts).
import { audit } from "@/lib/audit";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { enqueueMail } from "@/lib/mail/outbox";
import { accountLockedMail } from "@/lib/mail/templates";
import { endOtherSessions } from "@/lib/sessions/store";
import { isLocked } from "@/lib/users/lock";

type Refusal =
  | { ok: false; problem: "missing" }
  | { ok: false; problem: "admin" | "already" | "not_locked"; email: string };

/** Locks the account (until `lockedUntil`, or until unlocked), ends its sessions and mails the owner. */
export function lockAccount(
  adminId: string,
  input: { userId: string; reason: string; lockedUntil: Date | null },
  client: ClientInfo,
): Promise<Refusal | { ok: true; email: string; ended: number }> {
  const { userId, reason, lockedUntil } = input;
  const now = new Date();
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: { email: true, name: true, role: true, lockedAt: true, lockedUntil: true },
    });
    if (!user) return { ok: false, problem: "missing" } as const;
    if (user.role === "admin") return { ok: false, problem: "admin", email: user.email } as const;
    if (isLocked(user, now)) return { ok: false, problem: "already", email: user.email } as const;
    await tx.user.update({
      where: { id: userId },
      data: {
        lockedAt: now,
        lockedReason: reason,
        lockedUntil,
        lockedById: adminId,
        credentialsVersion: { increment: 1 },
      },
    });
    await audit(tx, {
      action: "account.locked",
      actorUserId: adminId,
      targetUserId: userId,
      client,
      details: { by: "admin", reason, until: lockedUntil?.toISOString() ?? null },
    });
    const ended = await endOtherSessions(tx, userId, null, "account_locked", {
      action: "session.revoked",
      actorUserId: adminId,
      client,
    });
    await enqueueMail(tx, accountLockedMail(user, now, lockedUntil));
    return { ok: true, email: user.email, ended } as const;
  });
}

export function unlockAccount(
  adminId: string,
  userId: string,
  client: ClientInfo,
): Promise<Refusal | { ok: true; email: string }> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: { email: true, lockedAt: true, lockedUntil: true },
    });
    if (!user) return { ok: false, problem: "missing" } as const;
    if (!isLocked(user)) return { ok: false, problem: "not_locked", email: user.email } as const;
    await tx.user.update({
      where: { id: userId },
      data: { lockedAt: null, lockedReason: null, lockedUntil: null, lockedById: null },
    });
    await audit(tx, { action: "account.unlocked", actorUserId: adminId, targetUserId: userId, client });
    return { ok: true, email: user.email } as const;
  });
}

export function setRole(
  adminId: string,
  input: { userId: string; role: "user" | "admin" },
  client: ClientInfo,
): Promise<Refusal | { ok: true; email: string }> {
  const { userId, role } = input;
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true, role: true } });
    if (!user) return { ok: false, problem: "missing" } as const;
    if (user.role === role) return { ok: false, problem: "already", email: user.email } as const;
    await tx.user.update({ where: { id: userId }, data: { role } });
    await audit(tx, {
      action: "role.changed",
      actorUserId: adminId,
      targetUserId: userId,
      client,
      details: { from: user.role, to: role },
    });
    return { ok: true, email: user.email } as const;
  });
}

/** A message that ran out of attempts goes back in the queue with a fresh set; false if it is not failed (any more). */
export function retryFailedMail(adminId: string, messageId: string, client: ClientInfo): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.mailMessage.updateMany({
      where: { id: messageId, status: "failed" },
      data: { status: "queued", attempts: 0, nextAttemptAt: new Date(), lastError: null },
    });
    if (count === 1)
      await audit(tx, { action: "mail.retried", actorUserId: adminId, client, details: { messageId } });
    return count === 1;
  });
}
