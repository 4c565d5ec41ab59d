// Proving an email address: sign-up mails a single-use link, and the address
// counts as verified once the link's page is confirmed with a button (opening
// the link alone changes nothing: mail scanners open links, and an address
// typed wrong would otherwise be verified by a stranger's scanner).
import { audit } from "@/lib/audit";
import { config } from "@/lib/config/env";
import { type DbTx, db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { checkLinkToken, issueLinkToken, type LinkProblem, spendLinkToken } from "@/lib/links/tokens";
import { sendMailAfterResponse } from "@/lib/mail/after-response";
import { mailLink } from "@/lib/mail/links";
import { enqueueMail } from "@/lib/mail/outbox";
import { signUpAttemptMail, verifyEmailMail } from "@/lib/mail/templates";
import { takeMailLink } from "@/lib/security/mail-throttle";
import { inMinutes } from "@/lib/ui/format";

type Owner = { id: string; email: string; name: string | null };

/** Queues the link in the caller's transaction (the one that created the account, or a resend). */
export async function queueVerificationMail(tx: DbTx, user: Owner, client: ClientInfo): Promise<void> {
  const token = await issueLinkToken(tx, { purpose: "verify_email", userId: user.id, email: user.email });
  await enqueueMail(tx, verifyEmailMail(user, mailLink(`/verify-email?token=${token}`), new Date(), client));
  await audit(tx, {
    action: "email.verification_sent",
    actorUserId: user.id,
    targetUserId: user.id,
    client,
  });
}

/** Sign-up with a taken address while verification is required: the owner hears of it (within the mail allowance). */
export async function tellOwnerOfSignUpAttempt(owner: Owner, client: ClientInfo): Promise<void> {
  if (!(await takeMailLink("signup_attempt", owner.email, client.ip)).ok) return;
  await db.$transaction((tx) => enqueueMail(tx, signUpAttemptMail(owner, new Date(), client)));
  sendMailAfterResponse();
}

export type Resend = { sent: true } | { sent: false; verified: true } | { sent: false; retryAfter: number };

/** Another link, within the mail allowance (per address and per IP). */
export async function resendVerification(userId: string, client: ClientInfo): Promise<Resend> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, email: true, name: true, emailVerified: true },
  });
  if (user.emailVerified) return { sent: false, verified: true };
  const allowance = await takeMailLink("verify_email", user.email, client.ip);
  if (!allowance.ok) return { sent: false, retryAfter: allowance.retryAfter };
  await db.$transaction((tx) => queueVerificationMail(tx, user, client));
  sendMailAfterResponse();
  return { sent: true };
}

export function resendMessage(result: Resend, email: string): { success?: string; error?: string } {
  if (result.sent) return { success: `We sent a new link to ${email}. It works for 24 hours.` };
  if ("verified" in result) return { success: "Your email address is verified already." };
  return { error: `We sent several links already. Try again in ${inMinutes(result.retryAfter)}.` };
}

/** Whether sign-in must wait for the address to be verified (REQUIRE_EMAIL_VERIFICATION). */
export function verificationRequired(user: { emailVerified: Date | null }): boolean {
  return config().REQUIRE_EMAIL_VERIFICATION && !user.emailVerified;
}

/** The link's address is verified, unless the link was used, ran out, or the account's address changed since. */
export async function verifyEmail(
  token: string,
  client: ClientInfo,
): Promise<{ ok: true; email: string } | { ok: false; problem: LinkProblem }> {
  const check = await checkLinkToken(token, ["verify_email"]);
  if (!check.ok) return check;
  const { link } = check;
  const spent = await db.$transaction(async (tx) => {
    if (!(await spendLinkToken(tx, link.id))) return false;
    await tx.user.updateMany({
      where: { id: link.userId, email: link.email, emailVerified: null },
      data: { emailVerified: new Date() },
    });
    await audit(tx, {
      action: "email.verified",
      targetUserId: link.userId,
      client,
      details: { email: link.email },
    });
    return true;
  });
  return spent ? { ok: true, email: link.email } : { ok: false, problem: "used" };
}
