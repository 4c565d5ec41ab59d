"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { authedAction, validatedAction } from "@/lib/actions/validated-action";
import { audit } from "@/lib/audit";
import { db } from "@/lib/db/client";
import { clientInfo } from "@/lib/http/client-info";
import { endOtherSessions } from "@/lib/sessions/store";
import { signOut } from ".";
import { clearCredentialCookies } from "./credentials";
import { changePasswordForm, safeNextPath, signInForm, signUpForm } from "./forms";
import { hashPassword, verifyPassword } from "./password";
import { signInWithPassword, signUp } from "./sign-in";

export const signInAction = validatedAction(signInForm, async ({ email, password, next }) => {
  const result = await signInWithPassword(email, password);
  if (!result.ok) return { error: result.error, fields: { email } };
  redirect(safeNextPath(next));
});

export const signUpAction = validatedAction(signUpForm, async (input) => {
  const result = await signUp(input);
  if (!result.ok) return { error: result.error, fields: { name: input.name, email: input.email } };
  redirect("/dashboard");
});

/** Ends this device's session only; other devices stay signed in. */
export async function signOutAction(): Promise<void> {
  await clearCredentialCookies();
  await signOut({ redirectTo: "/login" });
}

export const changePasswordAction = authedAction(changePasswordForm, async (input, session) => {
  const user = await db.user.findUniqueOrThrow({
    where: { id: session.user.id },
    select: { passwordHash: true },
  });
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    return { error: "The current password is incorrect." };
  }
  const passwordHash = await hashPassword(input.newPassword);
  const client = clientInfo(await headers());
  const ended = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: session.user.id }, data: { passwordHash } });
    await audit(tx, {
      action: "password.changed",
      actorUserId: session.user.id,
      targetUserId: session.user.id,
      sessionId: session.sessionId,
      client,
    });
    return endOtherSessions(tx, session.user.id, session.sessionId, "password_change", {
      action: "session.revoked",
      actorUserId: session.user.id,
      client,
    });
  });
  return {
    success: `Password changed. ${ended} other ${ended === 1 ? "device was" : "devices were"} signed out.`,
  };
});
