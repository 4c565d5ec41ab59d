"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { adminAction, authedAction } from "@/lib/actions/validated-action";
import {
  readSessionCookie,
  setAsideSessionCookie,
  setEdgeCookie,
  setSessionCookie,
} from "@/lib/auth/credentials";
import { db } from "@/lib/db/client";
import { sessionClaimsOf } from "@/lib/edge/token";
import { stopImpersonating } from "@/lib/impersonation/return";
import { startImpersonation } from "@/lib/impersonation/sessions";

const impersonateForm = z.object({
  userId: z.string().min(1, "Missing id.").max(64, "That id is not valid."),
  reason: z
    .string()
    .trim()
    .min(1, "Give a reason: it goes into the audit log.")
    .max(500, "Use at most 500 characters."),
});

/** "Sign in as user" (step-up and the admin role, through adminAction): the admin's tab becomes the user's. */
export const impersonateAction = adminAction(impersonateForm, async ({ userId, reason }, context) => {
  const { session: admin, client } = context;
  const own = await readSessionCookie();
  if (!own) return { error: "Your session has ended: sign in again." };
  const started = await db.$transaction((tx) => startImpersonation(tx, { admin, userId, reason, client }));
  if ("error" in started) return started;
  await setAsideSessionCookie(own, started.adminExpires);
  await setSessionCookie(started.token, started.session.expires);
  // Admins cannot be impersonated (startImpersonation), so the role is "user"; no method proved this session.
  await setEdgeCookie(
    sessionClaimsOf({ ...started.session, amr: [], user: { role: "user" }, impersonator: admin.user }),
  );
  redirect("/dashboard");
});

export const stopImpersonatingAction = authedAction(z.object({}), async (_input, { session, client }) => {
  if (!session.impersonator) return { error: "You are not signed in as another user." };
  return stopImpersonating(session, session.impersonator, client);
});
