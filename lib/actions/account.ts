"use server";

// The account's mail-link flows: forgotten password, verification, change of
// address. Each goes through the one action wrapper (input parsed with zod; the
// session checked where one is needed).
import { redirect } from "next/navigation";
import { z } from "zod";
import { authedAction, ownerAction, validatedAction } from "@/lib/actions/validated-action";
import { checkCurrentPassword, refusalMessage } from "@/lib/auth/check-password";
import { clearCredentialCookies } from "@/lib/auth/credentials";
import { getCurrentSession } from "@/lib/auth/current";
import { changeRequestedText, confirmEmailChange, requestEmailChange } from "@/lib/auth/email-change";
import { resendMessage, resendVerification, verifyEmail } from "@/lib/auth/email-verification";
import { changeEmailForm, forgotPasswordForm, resetPasswordForm, tokenForm } from "@/lib/auth/forms";
import { RESET_REQUESTED, requestPasswordReset, resetPassword } from "@/lib/auth/password-reset";
import { linkProblemText } from "@/lib/links/tokens";
import { renewAuthentication } from "@/lib/reauth/renew";

export const forgotPasswordAction = validatedAction(forgotPasswordForm, async ({ email }, { client }) => {
  const { error } = await requestPasswordReset(email, client);
  return error ? { error } : { success: RESET_REQUESTED };
});

export const resetPasswordAction = validatedAction(
  resetPasswordForm,
  async ({ token, newPassword }, { client }) => {
    const outcome = await resetPassword(token, newPassword, client);
    if (!outcome.ok)
      return { error: "error" in outcome ? outcome.error : linkProblemText(outcome.problem, "reset") };
    // This browser's session, if it had one, ended with all the others.
    await clearCredentialCookies();
    redirect("/login?reset=1");
  },
);

export const verifyEmailAction = validatedAction(tokenForm, async ({ token }, { client }) => {
  const outcome = await verifyEmail(token, client);
  if (!outcome.ok) return { error: linkProblemText(outcome.problem, "verification") };
  return { success: `Your email address ${outcome.email} is verified.` };
});

export const resendVerificationAction = authedAction(z.object({}), async (_input, { session, client }) => {
  const result = await resendVerification(session.user.id, client);
  return resendMessage(result, session.user.email);
});

export const changeEmailAction = ownerAction(
  changeEmailForm,
  async ({ newEmail, currentPassword }, { session, client }) => {
    const { user, check } = await checkCurrentPassword(session.user.id, currentPassword, client);
    if (!check.ok)
      return { error: refusalMessage(check, "The current password is incorrect."), fields: { newEmail } };
    await renewAuthentication(session, "pwd");
    const { error } = await requestEmailChange(user, newEmail, client);
    return error ? { error, fields: { newEmail } } : { success: changeRequestedText(newEmail) };
  },
);

export const confirmEmailChangeAction = validatedAction(tokenForm, async ({ token }, { client }) => {
  // The link may be opened signed in (the owner's own browser keeps its session) or not at all.
  const session = await getCurrentSession();
  const confirming =
    session && !session.impersonator ? { userId: session.user.id, sessionId: session.sessionId } : null;
  const outcome = await confirmEmailChange(token, client, confirming);
  if (outcome.ok) {
    const others =
      outcome.ended === 0
        ? ""
        : ` ${outcome.ended} other ${outcome.ended === 1 ? "device was" : "devices were"} signed out.`;
    return { success: `Your sign-in address is now ${outcome.email}.${others}` };
  }
  if (outcome.problem === "taken") return { error: "That address now belongs to another account." };
  return { error: linkProblemText(outcome.problem, "confirmation") };
});
