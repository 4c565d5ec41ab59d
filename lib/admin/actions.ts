"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { adminAction } from "@/lib/actions/validated-action";
import { audit } from "@/lib/audit";
import { isLocked } from "@/lib/auth/lock";
import { db } from "@/lib/db/client";
import { clientInfo } from "@/lib/http/client-info";
import { sendMailAfterResponse } from "@/lib/mail/after-response";
import { enqueueMail } from "@/lib/mail/outbox";
import { accountLockedMail } from "@/lib/mail/templates";
import { endEverySession } from "@/lib/sessions/end-all";
import { endOtherSessions, endSessions } from "@/lib/sessions/store";
import { formatTime } from "@/lib/ui/format";
import { endAllForm, id, lockForm } from "./forms";

async function done(message: string) {
  revalidatePath("/admin/sessions");
  return { success: message };
}

export const adminRevokeSessionAction = adminAction(
  z.object({ sessionId: id }),
  async ({ sessionId }, me) => {
    if (sessionId === me.sessionId) return { error: "That is your current session: use Sign out instead." };
    const client = clientInfo(await headers());
    const ended = await db.$transaction(async (tx) => {
      const target = await tx.session.findUnique({
        where: { id: sessionId },
        select: { id: true, userId: true },
      });
      if (!target) return 0;
      return endSessions(tx, [target], "admin", {
        action: "session.revoked",
        actorUserId: me.user.id,
        client,
      });
    });
    return ended ? done("The session was revoked.") : { error: "That session no longer exists." };
  },
);

export const adminRevokeUserSessionsAction = adminAction(z.object({ userId: id }), async ({ userId }, me) => {
  const client = clientInfo(await headers());
  const result = await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true } });
    if (!user) return null;
    // Your own account: every session but the one you are using.
    const keep = userId === me.user.id ? me.sessionId : null;
    // A sign-in whose password check is still running must not survive this.
    await tx.user.update({ where: { id: userId }, data: { credentialsVersion: { increment: 1 } } });
    const count = await endOtherSessions(tx, userId, keep, "admin", {
      action: "session.revoked",
      actorUserId: me.user.id,
      client,
    });
    return { email: user.email, count };
  });
  if (!result) return { error: "That user no longer exists." };
  return done(`Revoked ${result.count} ${result.count === 1 ? "session" : "sessions"} of ${result.email}.`);
});

export const lockAccountAction = adminAction(lockForm, async ({ userId, reason, lockedUntil }, me) => {
  const now = new Date();
  if (lockedUntil && lockedUntil <= now) return { error: "“Locked until” must be in the future." };
  const client = clientInfo(await headers());
  const result = await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: { email: true, name: true, role: true, lockedAt: true, lockedUntil: true },
    });
    if (!user) return { error: "That user no longer exists." };
    if (user.role === "admin")
      return { error: "Administrators cannot be locked: remove the admin role first." };
    if (isLocked(user, now)) return { error: `${user.email} is already locked.` };
    await tx.user.update({
      where: { id: userId },
      data: {
        lockedAt: now,
        lockedReason: reason,
        lockedUntil,
        lockedById: me.user.id,
        credentialsVersion: { increment: 1 },
      },
    });
    await audit(tx, {
      action: "account.locked",
      actorUserId: me.user.id,
      targetUserId: userId,
      client,
      details: { by: "admin", reason, until: lockedUntil?.toISOString() ?? null },
    });
    const count = await endOtherSessions(tx, userId, null, "account_locked", {
      action: "session.revoked",
      actorUserId: me.user.id,
      client,
    });
    await enqueueMail(tx, accountLockedMail(user, now, lockedUntil));
    const until = lockedUntil ? ` until ${formatTime(lockedUntil)}` : "";
    return {
      success: `Locked ${user.email}${until} and ended ${count} ${count === 1 ? "session" : "sessions"}.`,
    };
  });
  if (!result.success) return result;
  sendMailAfterResponse();
  return done(result.success);
});

export const unlockAccountAction = adminAction(z.object({ userId: id }), async ({ userId }, me) => {
  const client = clientInfo(await headers());
  const result = await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: { email: true, lockedAt: true, lockedUntil: true },
    });
    if (!user) return { error: "That user no longer exists." };
    if (!isLocked(user)) return { error: `${user.email} is not locked.` };
    await tx.user.update({
      where: { id: userId },
      data: { lockedAt: null, lockedReason: null, lockedUntil: null, lockedById: null },
    });
    await audit(tx, { action: "account.unlocked", actorUserId: me.user.id, targetUserId: userId, client });
    return { success: `Unlocked ${user.email}.` };
  });
  return result.success ? done(result.success) : result;
});

/**
 * Every session of every user but the one asking; the typed phrase is checked
 * here, whatever the dialog did. Batched (lib/sessions/end-all.ts), so it runs
 * outside one long transaction; the cutoff is in force before the first batch.
 */
export const endEverySessionAction = adminAction(endAllForm, async (_form, me) => {
  const client = clientInfo(await headers());
  const { count } = await endEverySession({ keepSessionId: me.sessionId, actorUserId: me.user.id, client });
  return done(
    `Ended ${count} ${count === 1 ? "session" : "sessions"}. Everyone else must sign in again; you are still signed in here.`,
  );
});

const roleForm = z.object({ userId: id, role: z.enum(["user", "admin"], "The role must be user or admin.") });

export const setRoleAction = adminAction(roleForm, async ({ userId, role }, me) => {
  if (userId === me.user.id) return { error: "You cannot change your own role." };
  const client = clientInfo(await headers());
  const result = await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true, role: true } });
    if (!user) return { error: "That user no longer exists." };
    if (user.role === role)
      return { error: `${user.email} is already ${role === "admin" ? "an admin" : "a user"}.` };
    await tx.user.update({ where: { id: userId }, data: { role } });
    await audit(tx, {
      action: "role.changed",
      actorUserId: me.user.id,
      targetUserId: userId,
      client,
      details: { from: user.role, to: role },
    });
    return { success: `${user.email} is now ${role === "admin" ? "an admin" : "a user"}.` };
  });
  return result.success ? done(result.success) : result;
});

/** A message that ran out of attempts goes back in the queue with a fresh set, e.g. once SMTP is fixed. */
export const retryMailAction = adminAction(z.object({ messageId: id }), async ({ messageId }, me) => {
  const client = clientInfo(await headers());
  const retried = await db.$transaction(async (tx) => {
    const { count } = await tx.mailMessage.updateMany({
      where: { id: messageId, status: "failed" },
      data: { status: "queued", attempts: 0, nextAttemptAt: new Date(), lastError: null },
    });
    if (count === 1)
      await audit(tx, { action: "mail.retried", actorUserId: me.user.id, client, details: { messageId } });
    return count === 1;
  });
  if (!retried) return { error: "That message is not waiting as failed any more." };
  sendMailAfterResponse();
  revalidatePath("/admin/mail");
  return { success: "Queued again." };
});
