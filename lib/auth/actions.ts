"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { ownerAction, validatedAction } from "@/lib/actions/validated-action";
import { audit } from "@/lib/audit";
import { db } from "@/lib/db/client";
import { clientInfo } from "@/lib/http/client-info";
import { stopImpersonating } from "@/lib/impersonation/return";
import { sendMailAfterResponse } from "@/lib/mail/after-response";
import { enqueueMail } from "@/lib/mail/outbox";
import { passwordChangedMail } from "@/lib/mail/templates";
import { endOtherSessions } from "@/lib/sessions/store";
import { renewAuthentication } from "@/lib/step-up/confirm";
import { UNAVAILABLE_MESSAGES } from "@/lib/ui/unavailable";
import { signOut } from ".";
import { checkPassword, hashNewPassword, refusalMessage } from "./check-password";
import { clearCredentialCookies } from "./credentials";
import { getCurrentSession } from "./current";
import { changePasswordForm, safeNextPath, signInForm, signUpForm } from "./forms";
import { checkEmailText, signInWithPassword, signUp } from "./sign-in";

export const signInAction = validatedAction(
  signInForm,
  async ({ email, password, next }) => {
    const result = await signInWithPassword(email, password);
    if (result.ok === "second_factor")
      redirect(`/login/two-factor?next=${encodeURIComponent(safeNextPath(next))}`);
    if (!result.ok) return { error: result.error, fields: { email } };
    redirect(safeNextPath(next));
  },
  UNAVAILABLE_MESSAGES.signIn,
);

export const signUpAction = validatedAction(
  signUpForm,
  async (input) => {
    const result = await signUp(input);
    if (!result.ok) return { error: result.error, fields: { name: input.name, email: input.email } };
    if (!result.signedIn) return { success: checkEmailText(input.email) };
    redirect("/dashboard");
  },
  UNAVAILABLE_MESSAGES.signUp,
);

/** Ends this device's session only; other devices stay signed in. */
export async function signOutAction(): Promise<void> {
  // Auth.js's signOut() logs a failed delete and clears the cookie anyway: during
  // an outage that would leave the session alive behind a browser that thinks it
  // signed out. Reading the session first throws (503) before anything is cleared.
  const session = await getCurrentSession();
  // Signed in as a user, "Sign out" leaves that session and returns to the administrator's own.
  if (session?.impersonator) await stopImpersonating(session, session.impersonator);
  await clearCredentialCookies();
  // A relative redirect keeps the browser on the host it used; Auth.js would build
  // an absolute one from Host and x-forwarded-proto.
  await signOut({ redirect: false });
  redirect("/login");
}

export const changePasswordAction = ownerAction(changePasswordForm, async (input, session) => {
  const userId = session.user.id;
  const client = clientInfo(await headers());
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { passwordHash: true, credentialsVersion: true },
  });
  // The same limiter as sign-in, keyed by the account: a stolen cookie buys no extra guesses.
  const check = await checkPassword({
    key: session.user.email,
    client,
    password: input.currentPassword,
    hash: user.passwordHash,
    userId,
  });
  if (!check.ok) {
    if (check.reason === "wrong")
      await audit(db, {
        action: "password.change_failed",
        actorUserId: userId,
        targetUserId: userId,
        sessionId: session.sessionId,
        client,
      });
    return { error: refusalMessage(check, "The current password is incorrect.") };
  }
  const hashed = await hashNewPassword(input.newPassword);
  if ("error" in hashed) return { error: hashed.error };
  const ended = await db.$transaction(async (tx) => {
    // Conditional on the version read above: two changes at once cannot both win.
    const { count } = await tx.user.updateMany({
      where: { id: userId, credentialsVersion: user.credentialsVersion },
      data: { passwordHash: hashed.hash, credentialsVersion: { increment: 1 } },
    });
    if (count === 0) return null;
    await audit(tx, {
      action: "password.changed",
      actorUserId: userId,
      targetUserId: userId,
      sessionId: session.sessionId,
      client,
    });
    await enqueueMail(tx, passwordChangedMail(session.user, new Date(), client));
    return endOtherSessions(tx, userId, session.sessionId, "password_change", {
      action: "session.revoked",
      actorUserId: userId,
      client,
    });
  });
  if (ended === null) return { error: "Your password was changed meanwhile. Sign in again and retry." };
  sendMailAfterResponse();
  await renewAuthentication(session, "pwd");
  return {
    success: `Password changed. ${ended} other ${ended === 1 ? "device was" : "devices were"} signed out.`,
  };
});
