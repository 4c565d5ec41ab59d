"use server";

import { redirect } from "next/navigation";
import { ownerAction, requestClient, validatedAction } from "@/lib/actions/validated-action";
import { clearCredentialCookies } from "@/lib/auth/credentials";
import { getCurrentSession } from "@/lib/auth/current";
import { changePasswordForm, safeNextPath, signInForm, signUpForm } from "@/lib/auth/forms";
import { changePassword } from "@/lib/auth/password-change";
import { checkEmailText, signInWithPassword, signUp } from "@/lib/auth/sign-in";
import { signOut } from "@/lib/authjs";
import { stopImpersonating } from "@/lib/impersonation/return";
import { renewAuthentication } from "@/lib/reauth/renew";
import { UNAVAILABLE_MESSAGES } from "@/lib/ui/unavailable";

export const signInAction = validatedAction(
  signInForm,
  async ({ email, password, next }, { client }) => {
    const result = await signInWithPassword(email, password, client);
    if (result.ok === "second_factor")
      redirect(`/login/two-factor?next=${encodeURIComponent(safeNextPath(next))}`);
    if (!result.ok) return { error: result.error, fields: { email } };
    redirect(safeNextPath(next));
  },
  UNAVAILABLE_MESSAGES.signIn,
);

export const signUpAction = validatedAction(
  signUpForm,
  async (input, { client }) => {
    const result = await signUp(input, client);
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
  if (session?.impersonator) await stopImpersonating(session, session.impersonator, await requestClient());
  await clearCredentialCookies();
  // A relative redirect keeps the browser on the host it used; Auth.js would build
  // an absolute one from Host and x-forwarded-proto.
  await signOut({ redirect: false });
  redirect("/login");
}

export const changePasswordAction = ownerAction(changePasswordForm, async (input, { session, client }) => {
  const changed = await changePassword(session, input, client);
  if ("error" in changed) return { error: changed.error };
  await renewAuthentication(session, "pwd");
  const { ended } = changed;
  return {
    success: `Password changed. ${ended} other ${ended === 1 ? "device was" : "devices were"} signed out.`,
  };
});
