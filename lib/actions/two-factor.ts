"use server";

// Two-factor sign-in from the settings page (turning it on needs a recent
// authentication, like every change to how the account is entered) and the
// second step of signing in.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { sensitiveAction, validatedAction } from "@/lib/actions/validated-action";
import { clearPendingSignInCookie, readPendingSignInCookie } from "@/lib/auth/credentials";
import { safeNextPath } from "@/lib/auth/forms";
import { startSession } from "@/lib/auth/sign-in";
import { completeSignIn } from "@/lib/two-factor/pending";
import { confirmSetup, regenerateRecoveryCodes, startSetup, turnOff } from "@/lib/two-factor/setup";

const PAGE = "/settings/two-factor";
const SHOWN_ONCE = "Save these recovery codes now: each works once, and they are not shown again.";

export const startSetupAction = sensitiveAction(z.object({}), async (_input, { session }) => {
  const { error } = await startSetup(session.user.id);
  revalidatePath(PAGE);
  return error ? { error } : {};
});

/** Past the step-up window the page hides an unfinished set-up's key: this confirms, then the page shows it. */
export const showSetupKeyAction = sensitiveAction(z.object({}), async () => {
  revalidatePath(PAGE);
  return {};
});

// Sensitive as well: whoever holds a stale cookie must not turn the factor on and receive the recovery codes.
export const confirmSetupAction = sensitiveAction(
  z.object({ code: z.string().trim().min(1, "Enter the code from your app.").max(20) }),
  async ({ code }, { session, client }) => {
    const result = await confirmSetup(session.user, code, client);
    if ("error" in result) return { error: result.error };
    // No revalidation: the page would swap this form (and the codes it shows once) for the "on" view.
    return { success: `Two-factor sign-in is on. ${SHOWN_ONCE}`, list: result.codes };
  },
);

export const regenerateCodesAction = sensitiveAction(z.object({}), async (_input, { session, client }) => {
  const codes = await regenerateRecoveryCodes(session.user, client);
  if (!codes) return { error: "Two-factor sign-in is off." };
  return { success: `New recovery codes; the old ones no longer work. ${SHOWN_ONCE}`, list: codes };
});

export const turnOffAction = sensitiveAction(z.object({}), async (_input, { session, client }) => {
  const off = await turnOff(session.user, client);
  revalidatePath(PAGE);
  return off ? { success: "Two-factor sign-in is off." } : { error: "Two-factor sign-in was off already." };
});

export const verifySecondFactorAction = validatedAction(
  z.object({
    kind: z.enum(["otp", "recovery"]),
    code: z.string().trim().min(1, "Enter the code.").max(20, "That code is too long."),
    next: z.string().optional(),
  }),
  async ({ kind, code, next }, { client }) => {
    const done = await completeSignIn(await readPendingSignInCookie(), { kind, code }, client);
    if (!done.ok) {
      if (done.expired) await clearPendingSignInCookie();
      return { error: done.error };
    }
    await clearPendingSignInCookie();
    if (!(await startSession(done.user, client, { signInMethod: "password", amr: done.amr })))
      return { error: "This sign-in has expired. Sign in again." };
    redirect(safeNextPath(next));
  },
);
