// Changing the sign-in address: asked for with the current password; a link
// goes to the new address and a notice to the current one; the address changes
// only when the link's page is confirmed, and the old address then hears that
// it did. The answer never says whether the new address belongs to another
// account (that would let a signed-in user probe for accounts).
import { audit } from "@/lib/audit";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/unique";
import type { ClientInfo } from "@/lib/http/client-info";
import {
  checkLinkToken,
  issueLinkToken,
  type LinkProblem,
  spendLinkToken,
  spendOpenCredentialLinks,
} from "@/lib/links/tokens";
import { sendMailAfterResponse } from "@/lib/mail/after-response";
import { mailLink } from "@/lib/mail/links";
import { enqueueMail } from "@/lib/mail/outbox";
import { confirmNewEmailMail, emailChangedMail, emailChangeRequestedMail } from "@/lib/mail/templates";
import { takeMailLink } from "@/lib/security/mail-throttle";
import { endOtherSessions } from "@/lib/sessions/store";
import { inMinutes } from "@/lib/ui/format";

type Requester = { id: string; email: string; name: string | null };

export function changeRequestedText(newEmail: string): string {
  return `We sent a link to ${newEmail}. Your address changes when you open it and confirm; until then you sign in with the current one.`;
}

/** After the current password was checked. Returns an error only for what the person can fix. */
export async function requestEmailChange(
  user: Requester,
  newEmail: string,
  client: ClientInfo,
): Promise<{ error?: string }> {
  if (newEmail === user.email) return { error: "That is already your address." };
  const allowance = await takeMailLink("change_email", newEmail, client.ip);
  if (!allowance.ok)
    return { error: `Too many links were sent already. Try again in ${inMinutes(allowance.retryAfter)}.` };
  const taken = await db.user.findUnique({ where: { email: newEmail }, select: { id: true } });
  const current = await db.user.findUniqueOrThrow({
    where: { id: user.id },
    select: { credentialsVersion: true },
  });
  const now = new Date();
  await db.$transaction(async (tx) => {
    // The owner of the current address always hears of the request; a taken new address gets no link.
    await enqueueMail(tx, emailChangeRequestedMail(user, newEmail, now, client));
    await audit(tx, {
      action: "email.change_requested",
      actorUserId: user.id,
      targetUserId: user.id,
      client,
      details: { to: newEmail },
    });
    if (taken) return;
    const token = await issueLinkToken(tx, {
      purpose: "change_email",
      userId: user.id,
      email: newEmail,
      credentialsVersion: current.credentialsVersion,
    });
    await enqueueMail(
      tx,
      confirmNewEmailMail(
        { email: newEmail, name: user.name },
        mailLink(`/confirm-email?token=${token}`),
        now,
        client,
      ),
    );
  });
  sendMailAfterResponse();
  return {};
}

export type ChangeOutcome =
  | { ok: true; email: string; ended: number }
  | { ok: false; problem: LinkProblem | "taken" };

/** The session confirming in this browser, if any: it stays signed in, as after a password change. */
export type ConfirmingSession = { userId: string; sessionId: string } | null;

/**
 * Changes the address, and with it how the account is entered by mail: the
 * credentials version advances and every open reset and change-of-address link
 * is spent (the old mailbox keeps no way in), and every other session ends, as
 * after a password change; the browser confirming keeps its own if it is the
 * account's.
 */
export async function confirmEmailChange(
  token: string,
  client: ClientInfo,
  confirming: ConfirmingSession = null,
): Promise<ChangeOutcome> {
  const check = await checkLinkToken(token, ["change_email"]);
  if (!check.ok) return check;
  const { link } = check;
  const now = new Date();
  const keep = confirming?.userId === link.userId ? confirming.sessionId : null;
  try {
    return await db.$transaction(async (tx) => {
      if (!(await spendLinkToken(tx, link.id, now))) return { ok: false, problem: "used" } as const;
      // Conditional on the credentials version: a password change since cancels the change of address.
      const { count } = await tx.user.updateMany({
        where: { id: link.userId, credentialsVersion: link.credentialsVersion ?? -1 },
        data: { email: link.email, emailVerified: now, credentialsVersion: { increment: 1 } },
      });
      if (count === 0) throw new Superseded();
      await spendOpenCredentialLinks(tx, link.userId, now);
      const ended = await endOtherSessions(tx, link.userId, keep, "email_change", {
        action: "session.revoked",
        actorUserId: link.userId,
        client,
      });
      await audit(tx, {
        action: "email.changed",
        actorUserId: link.userId,
        targetUserId: link.userId,
        client,
        details: { from: link.user.email, to: link.email },
      });
      await enqueueMail(tx, emailChangedMail(link.user, link.email, now, client));
      return { ok: true, email: link.email, ended } as const;
    });
  } catch (err) {
    if (err instanceof Superseded) return { ok: false, problem: "superseded" };
    // The unique index decides: the address was taken by another account since the link was sent.
    if (isUniqueViolation(err)) return { ok: false, problem: "taken" };
    throw err;
  } finally {
    sendMailAfterResponse();
  }
}

class Superseded extends Error {}
