// Changing the password from settings: the current one is checked first, and
// the change ends every other session of the account (OWASP: a password change
// ends the sessions a thief may hold) and mails the owner.
import { audit } from "@/lib/audit";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { sendMailAfterResponse } from "@/lib/mail/after-response";
import { enqueueMail } from "@/lib/mail/outbox";
import { passwordChangedMail } from "@/lib/mail/templates";
import { endOtherSessions } from "@/lib/sessions/store";
import { checkCurrentPassword, hashNewPassword, refusalMessage } from "./check-password";
import type { CurrentSession } from "./current";

/** How many other sessions ended, or the words for the form. */
export async function changePassword(
  session: CurrentSession,
  input: { currentPassword: string; newPassword: string },
  client: ClientInfo,
): Promise<{ ended: number } | { error: string }> {
  const userId = session.user.id;
  const event = { actorUserId: userId, targetUserId: userId, sessionId: session.sessionId, client };
  const { user, check } = await checkCurrentPassword(userId, input.currentPassword, client);
  if (!check.ok) {
    if (check.reason === "wrong") await audit(db, { action: "password.change_failed", ...event });
    return { error: refusalMessage(check, "The current password is incorrect.") };
  }
  const hashed = await hashNewPassword(input.newPassword, user);
  if ("error" in hashed) return { error: hashed.error };
  const ended = await db.$transaction(async (tx) => {
    // Conditional on the version read above: two changes at once cannot both win.
    const { count } = await tx.user.updateMany({
      where: { id: userId, credentialsVersion: user.credentialsVersion },
      data: { passwordHash: hashed.hash, passwordListedAt: null, credentialsVersion: { increment: 1 } },
    });
    if (count === 0) return null;
    await audit(tx, { action: "password.changed", ...event });
    await enqueueMail(tx, passwordChangedMail(session.user, new Date(), client));
    return endOtherSessions(tx, userId, session.sessionId, "password_change", {
      action: "session.revoked",
      actorUserId: userId,
      client,
    });
  });
  if (ended === null) return { error: "Your password was changed meanwhile. Sign in again and retry." };
  sendMailAfterResponse();
  return { ended };
}
