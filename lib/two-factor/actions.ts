"use server";

// Two-factor sign-in from the settings page (turning it on needs a recent
// authentication, like every change to how the account is entered) and the
// second step of signing in.
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { ownerAction, sensitiveAction, validatedAction } from "@/lib/actions/validated-action";
import { clearPendingSignInCookie, readPendingSignInCookie } from "@/lib/auth/credentials";
import { safeNextPath } from "@/lib/auth/forms";
import { startSession } from "@/lib/auth/sign-in";
import { clientInfo } from "@/lib/http/client-info";
import { completeSignIn } from "./pending";
import { confirmSetup, regenerateRecoveryCodes, startSetup, turnOff } from "./setup";

const client = async () => clientInfo(await headers());
const PAGE = "/settings/two-factor";
const SHOWN_ONCE = "Save these recovery codes now: each works once, and they are not shown again.";

export const startSetupAction = sensitiveAction(z.object({}), async (_input, session) => {
  const { error } = await startSetup(session.user.id);
  revalidatePath(PAGE);
  return error ? { error } : {};
});

export const confirmSetupAction = ownerAction(
  z.object({ code: z.string().trim().min(1, "Enter the code from your app.").max(20) }),
  async ({ code }, session) => {
    const result = await confirmSetup(session.user, code, await client());
    if ("error" in result) return { error: result.error };
    // No revalidation: the page would swap this form (and the codes it shows once) for the "on" view.
    return { success: `Two-factor sign-in is on. ${SHOWN_ONCE}`, list: result.codes };
  },
);

export const regenerateCodesAction = sensitiveAction(z.object({}), async (_input, session) => {
  const codes = await regenerateRecoveryCodes(session.user, await client());
  if (!codes) return { error: "Two-factor sign-in is off." };
  return { success: `New recovery codes; the old ones no longer work. ${SHOWN_ONCE}`, list: codes };
});

export const turnOffAction = sensitiveAction(z.object({}), async (_input, session) => {
  const off = await turnOff(session.user, await client());
  revalidatePath(PAGE);
  return off ? { success: "Two-factor sign-in is off." } : { error: "Two-factor sign-in was off already." };
});

export const verifySecondFactorAction = validatedAction(
  z.object({
    kind: z.enum(["otp", "recovery"]),
    code: z.string().trim().min(1, "Enter the code.").max(20, "That code is too long."),
    next: z.string().optional(),
  }),
  async ({ kind, code, next }) => {
    const info = await client();
    const done = await completeSignIn(await readPendingSignInCookie(), { kind, code }, info);
    if (!done.ok) {
      if (done.expired) await clearPendingSignInCookie();
      return { error: done.error };
    }
    await clearPendingSignInCookie();
    if (!(await startSession(done.user, info, { signInMethod: "password", amr: done.amr })))
      return { error: "This sign-in has expired. Sign in again." };
    redirect(safeNextPath(next));
  },
);
