"use server";

import { headers } from "next/headers";
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
import { clientInfo } from "@/lib/http/client-info";
import { stopImpersonating } from "./return";
import { startImpersonation } from "./sessions";

const impersonateForm = z.object({
  userId: z.string().min(1, "Missing id.").max(64, "That id is not valid."),
  reason: z
    .string()
    .trim()
    .min(1, "Give a reason: it goes into the audit log.")
    .max(500, "Use at most 500 characters."),
});

/** "Sign in as user" (step-up and the admin role, through adminAction): the admin's tab becomes the user's. */
export const impersonateAction = adminAction(impersonateForm, async ({ userId, reason }, admin) => {
  const own = await readSessionCookie();
  if (!own) return { error: "Your session has ended: sign in again." };
  const client = clientInfo(await headers());
  const started = await db.$transaction((tx) => startImpersonation(tx, { admin, userId, reason, client }));
  if ("error" in started) return started;
  await setAsideSessionCookie(own, started.adminExpires);
  await setSessionCookie(started.token, started.session.expires);
  await setEdgeCookie({
    sub: userId,
    sid: started.session.id,
    role: "user",
    authTime: started.session.authTime,
    amr: [],
    impersonatorId: admin.user.id,
  });
  redirect("/dashboard");
});

export const stopImpersonatingAction = authedAction(z.object({}), async (_input, session) => {
  if (!session.impersonator) return { error: "You are not signed in as another user." };
  return stopImpersonating(session, session.impersonator);
});
