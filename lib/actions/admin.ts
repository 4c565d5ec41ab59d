"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { doneOnPage } from "@/lib/actions/done";
import { adminAction, type SessionContext } from "@/lib/actions/validated-action";
import { lockAccount, retryFailedMail, setRole, unlockAccount } from "@/lib/admin/accounts";
import { endAllForm, id, lockChangeForm, type lockForm } from "@/lib/admin/forms";
import { sendMailAfterResponse } from "@/lib/mail/after-response";
import { endEverySession } from "@/lib/sessions/end-all";
import { revokeSessionAsAdmin, revokeUserSessionsAsAdmin } from "@/lib/sessions/revoke";
import { formatTime } from "@/lib/ui/format";

async function done(message: string) {
  revalidatePath("/admin/sessions");
  return { success: message };
}

const sessions = (n: number) => `${n} ${n === 1 ? "session" : "sessions"}`;
const GONE = "That user no longer exists.";

export const adminRevokeSessionAction = adminAction(
  z.object({ sessionId: id }),
  async ({ sessionId }, { session, client }) => {
    if (sessionId === session.sessionId)
      return { error: "That is your current session: use Sign out instead." };
    const ended = await revokeSessionAsAdmin(session.user.id, sessionId, client);
    if (!ended) return { error: "That session no longer exists." };
    // The answer would go with the session's row: the page says it instead.
    revalidatePath("/admin/sessions");
    return doneOnPage("session-revoked");
  },
);

export const adminRevokeUserSessionsAction = adminAction(
  z.object({ userId: id }),
  async ({ userId }, { session, client }) => {
    // Your own account: every session but the one you are using.
    const keep = userId === session.user.id ? session.sessionId : null;
    const result = await revokeUserSessionsAsAdmin(session.user.id, userId, keep, client);
    if (!result) return { error: GONE };
    return done(`Revoked ${sessions(result.count)} of ${result.email}.`);
  },
);

async function lock(input: z.output<typeof lockForm>, { session, client }: SessionContext) {
  if (input.lockedUntil && input.lockedUntil <= new Date())
    return { error: "“Locked until” must be in the future." };
  const result = await lockAccount(session.user.id, input, client);
  if (!result.ok) {
    if (result.problem === "missing") return { error: GONE };
    if (result.problem === "admin")
      return { error: "Administrators cannot be locked: remove the admin role first." };
    return { error: `${result.email} is already locked.` };
  }
  sendMailAfterResponse();
  const until = input.lockedUntil ? ` until ${formatTime(input.lockedUntil)}` : "";
  return done(`Locked ${result.email}${until} and ended ${sessions(result.ended)}.`);
}

async function unlock(userId: string, { session, client }: SessionContext) {
  const result = await unlockAccount(session.user.id, userId, client);
  if (result.ok) return done(`Unlocked ${result.email}.`);
  return { error: result.problem === "missing" ? GONE : `${result.email} is not locked.` };
}

export const changeLockAction = adminAction(lockChangeForm, async (input, context) =>
  input.change === "lock" ? lock(input, context) : unlock(input.userId, context),
);

/**
 * Every session of every user but the one asking; the typed phrase is checked
 * here, whatever the dialog did. Batched (lib/sessions/end-all.ts), so it runs
 * outside one long transaction; the cutoff is in force before the first batch.
 */
export const endEverySessionAction = adminAction(endAllForm, async (_form, { session, client }) => {
  const { count } = await endEverySession({
    keepSessionId: session.sessionId,
    actorUserId: session.user.id,
    client,
  });
  return done(`Ended ${sessions(count)}. Everyone else must sign in again; you are still signed in here.`);
});

const roleForm = z.object({ userId: id, role: z.enum(["user", "admin"], "The role must be user or admin.") });
const roleName = (role: "user" | "admin") => (role === "admin" ? "an admin" : "a user");

export const setRoleAction = adminAction(roleForm, async ({ userId, role }, { session, client }) => {
  if (userId === session.user.id) return { error: "You cannot change your own role." };
  const result = await setRole(session.user.id, { userId, role }, client);
  if (result.ok) return done(`${result.email} is now ${roleName(role)}.`);
  return { error: result.problem === "missing" ? GONE : `${result.email} is already ${roleName(role)}.` };
});

export const retryMailAction = adminAction(
  z.object({ messageId: id }),
  async ({ messageId }, { session, client }) => {
    if (!(await retryFailedMail(session.user.id, messageId, client)))
      return { error: "That message is not waiting as failed any more." };
    sendMailAfterResponse();
    revalidatePath("/admin/mail");
    // Its button (and, filtered by "failed", its row) goes: the page says it instead.
    return doneOnPage("mail-queued");
  },
);
