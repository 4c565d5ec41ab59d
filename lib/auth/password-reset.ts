// "Forgot password?": a single-use link, valid 30 minutes, stored hashed. The
// request answers the same whether or not the address has an account. Setting
// the new password advances the credentials version (so the link, and every
// other link or sign-in checked against the old version, stops working), ends
// every session of the account (the edge too, through the revocation feed), and
// proves the address, so an unverified one becomes verified: then every other
// way in added before (provider links, passkeys, an authenticator app) goes, as
// it may be a stranger's who signed up with this address first. The link works
// only while the account still has the address it was sent to.

import { audit } from "@/lib/audit";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { checkLinkToken, issueLinkToken, type LinkProblem, spendLinkToken } from "@/lib/links/tokens";
import { sendMailAfterResponse } from "@/lib/mail/after-response";
import { mailLink } from "@/lib/mail/links";
import { enqueueMail } from "@/lib/mail/outbox";
import { passwordChangedMail, resetPasswordMail } from "@/lib/mail/templates";
import { clearAccountFailures } from "@/lib/security/login-throttle";
import { takeMailLink } from "@/lib/security/mail-throttle";
import { endOtherSessions } from "@/lib/sessions/store";
import { inMinutes } from "@/lib/ui/format";
import { isLocked } from "@/lib/users/lock";
import { removedAnything, removedInWords, removeUnverifiedAccess } from "@/lib/users/verified-only";
import { hashNewPassword } from "./check-password";

export const RESET_REQUESTED =
  "If an account uses that address, we sent it a link to set a new password. The link works for 30 minutes.";

/** Queues a link for an existing, unlocked account; says nothing about whether one exists. */
export async function requestPasswordReset(email: string, client: ClientInfo): Promise<{ error?: string }> {
  const allowance = await takeMailLink("reset_password", email, client.ip);
  // Over the IP's allowance the answer may say so: it depends on the client, not on the address.
  if (!allowance.ok && allowance.scope === "ip")
    return { error: `Too many requests from your network. Try again in ${inMinutes(allowance.retryAfter)}.` };
  if (!allowance.ok) return {};
  const user = await db.user.findUnique({
    where: { email },
    select: {
      id: true,
      email: true,
      name: true,
      lockedAt: true,
      lockedUntil: true,
      credentialsVersion: true,
    },
  });
  // A locked account stays locked: a new password would not let its owner in.
  if (!user || isLocked(user)) return {};
  const now = new Date();
  await db.$transaction(async (tx) => {
    const token = await issueLinkToken(tx, {
      purpose: "reset_password",
      userId: user.id,
      email: user.email,
      credentialsVersion: user.credentialsVersion,
    });
    await enqueueMail(tx, resetPasswordMail(user, mailLink(`/reset-password?token=${token}`), now, client));
    await audit(tx, { action: "password.reset_requested", targetUserId: user.id, client });
  });
  sendMailAfterResponse();
  return {};
}

export type ResetOutcome =
  | { ok: true; ended: number }
  | { ok: false; problem: LinkProblem }
  | { ok: false; error: string };

/** Thrown inside the transaction to undo its writes when another request won the race. */
class LostRace extends Error {}

export async function resetPassword(
  token: string,
  newPassword: string,
  client: ClientInfo,
): Promise<ResetOutcome> {
  const check = await checkLinkToken(token, ["reset_password"]);
  if (!check.ok) return check;
  const { link } = check;
  const hashed = await hashNewPassword(newPassword, link.user);
  if ("error" in hashed) return { ok: false, error: hashed.error };
  const now = new Date();
  const ended = await db
    .$transaction(async (tx) => {
      // Conditional on the version the link was issued against and on the address it was sent to:
      // a change meanwhile (or the same link used twice at once) wins.
      const { count } = await tx.user.updateMany({
        where: { id: link.userId, email: link.email, credentialsVersion: link.credentialsVersion ?? -1 },
        data: { passwordHash: hashed.hash, passwordListedAt: null, credentialsVersion: { increment: 1 } },
      });
      if (count === 0 || !(await spendLinkToken(tx, link.id, now))) throw new LostRace();
      const { count: firstProof } = await tx.user.updateMany({
        where: { id: link.userId, email: link.email, emailVerified: null },
        data: { emailVerified: now },
      });
      await audit(tx, {
        action: "password.reset",
        actorUserId: link.userId,
        targetUserId: link.userId,
        client,
      });
      // The first proof of the address: whatever was added before it may be a stranger's (README: pre-account takeover).
      const removed = firstProof === 1 ? await removeUnverifiedAccess(tx, link.userId) : null;
      if (removed && removedAnything(removed))
        await audit(tx, {
          action: "email.unverified_access_removed",
          actorUserId: link.userId,
          targetUserId: link.userId,
          client,
          details: { accounts: removed.accounts, passkeys: removed.passkeys, twoFactor: removed.twoFactor },
        });
      await enqueueMail(
        tx,
        passwordChangedMail(link.user, now, client, "reset", removed ? removedInWords(removed) : []),
      );
      return endOtherSessions(tx, link.userId, null, "password_reset", {
        action: "session.revoked",
        actorUserId: link.userId,
        client,
      });
    })
    .catch((err: unknown) => {
      if (err instanceof LostRace) return null;
      throw err;
    });
  if (ended === null) return { ok: false, problem: "superseded" };
  // Proving the address ends the lockout that failed guesses started.
  await clearAccountFailures(link.user.email);
  sendMailAfterResponse();
  return { ok: true, ended };
}
