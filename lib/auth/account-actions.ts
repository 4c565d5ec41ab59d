"use server";

// The account's mail-link flows: forgotten password, verification, change of
// address. Each goes through the one action wrapper (input parsed with zod; the
// session checked where one is needed).
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { authedAction, ownerAction, validatedAction } from "@/lib/actions/validated-action";
import { db } from "@/lib/db/client";
import { clientInfo } from "@/lib/http/client-info";
import { linkProblemText } from "@/lib/links/tokens";
import { renewAuthentication } from "@/lib/step-up/confirm";
import { checkPassword, refusalMessage } from "./check-password";
import { clearCredentialCookies } from "./credentials";
import { changeRequestedText, confirmEmailChange, requestEmailChange } from "./email-change";
import { resendMessage, resendVerification, verifyEmail } from "./email-verification";
import { changeEmailForm, forgotPasswordForm, resetPasswordForm, tokenForm } from "./forms";
import { RESET_REQUESTED, requestPasswordReset, resetPassword } from "./password-reset";

const client = async () => clientInfo(await headers());

export const forgotPasswordAction = validatedAction(forgotPasswordForm, async ({ email }) => {
  const { error } = await requestPasswordReset(email, await client());
  return error ? { error } : { success: RESET_REQUESTED };
});

export const resetPasswordAction = validatedAction(resetPasswordForm, async ({ token, newPassword }) => {
  const outcome = await resetPassword(token, newPassword, await client());
  if (!outcome.ok)
    return { error: "error" in outcome ? outcome.error : linkProblemText(outcome.problem, "reset") };
  // This browser's session, if it had one, ended with all the others.
  await clearCredentialCookies();
  redirect("/login?reset=1");
});

export const verifyEmailAction = validatedAction(tokenForm, async ({ token }) => {
  const outcome = await verifyEmail(token, await client());
  if (!outcome.ok) return { error: linkProblemText(outcome.problem, "verification") };
  return { success: `Your email address ${outcome.email} is verified.` };
});

export const resendVerificationAction = authedAction(z.object({}), async (_input, session) => {
  const result = await resendVerification(session.user.id, await client());
  return resendMessage(result, session.user.email);
});

export const changeEmailAction = ownerAction(
  changeEmailForm,
  async ({ newEmail, currentPassword }, session) => {
    const info = await client();
    const user = await db.user.findUniqueOrThrow({
      where: { id: session.user.id },
      select: { id: true, email: true, name: true, passwordHash: true },
    });
    // The sign-in limiter, keyed by the account: a stolen cookie buys no extra guesses.
    const check = await checkPassword({
      key: user.email,
      client: info,
      password: currentPassword,
      hash: user.passwordHash,
      userId: user.id,
    });
    if (!check.ok)
      return { error: refusalMessage(check, "The current password is incorrect."), fields: { newEmail } };
    await renewAuthentication(session, "pwd");
    const { error } = await requestEmailChange(user, newEmail, info);
    return error ? { error, fields: { newEmail } } : { success: changeRequestedText(newEmail) };
  },
);

export const confirmEmailChangeAction = validatedAction(tokenForm, async ({ token }) => {
  const outcome = await confirmEmailChange(token, await client());
  if (outcome.ok) return { success: `Your sign-in address is now ${outcome.email}.` };
  if (outcome.problem === "taken") return { error: "That address now belongs to another account." };
  return { error: linkProblemText(outcome.problem, "confirmation") };
});
