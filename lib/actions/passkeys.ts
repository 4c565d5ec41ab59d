"use server";

// Passkey ceremonies from the browser (lib/passkeys/passkeys.ts does the
// checking), and the settings page's rename and remove. Adding and removing a
// passkey change how the account can be entered: both need a recent
// authentication (step-up), like ending sessions, and adding one a verified
// address (lib/users/verified-only.ts).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { doneOnPage } from "@/lib/actions/done";
import { ownerAction, ownerSession, requestClient, sensitiveAction } from "@/lib/actions/validated-action";
import { audit } from "@/lib/audit";
import { safeNextPath } from "@/lib/auth/forms";
import { startSession } from "@/lib/auth/sign-in";
import { db } from "@/lib/db/client";
import { removePasskey, renamePasskey } from "@/lib/passkeys/manage";
import {
  type AuthenticationResponseJSON,
  finishRegistration,
  type RegistrationResponseJSON,
  registrationOptions,
  signInOptions,
  verifySignIn,
} from "@/lib/passkeys/passkeys";
import { type StepUpMethods, stepUpNeeded } from "@/lib/step-up/window";
import { isLocked } from "@/lib/users/lock";
import { emailVerified, VERIFY_FIRST } from "@/lib/users/verified-only";

type Ceremony<T> = { options: T } | { stepUp: StepUpMethods } | { error: string };

export async function beginPasskeyRegistration(): Promise<
  Ceremony<Awaited<ReturnType<typeof registrationOptions>>>
> {
  const owner = await ownerSession();
  if ("error" in owner) return owner;
  const { session } = owner;
  // Before step-up: confirming first and being refused after would be a wasted step.
  if (!(await emailVerified(session.user.id))) return { error: VERIFY_FIRST };
  const stepUp = await stepUpNeeded(session);
  if (stepUp) return { stepUp };
  return { options: await registrationOptions(session.user) };
}

export async function finishPasskeyRegistration(
  response: RegistrationResponseJSON,
): Promise<{ error?: string }> {
  const owner = await ownerSession();
  if ("error" in owner) return owner;
  const { session, client } = owner;
  if (!(await emailVerified(session.user.id))) return { error: VERIFY_FIRST };
  if (await stepUpNeeded(session)) return { error: "Confirm it's you first, then add the passkey again." };
  const result = await finishRegistration(session.user, response, client.deviceLabel, client);
  if (!result.ok) return { error: result.error };
  revalidatePath("/settings/passkeys");
  return {};
}

export async function beginPasskeySignIn() {
  return signInOptions();
}

const REFUSED = "That passkey is not registered here, or it could not be verified.";

export async function finishPasskeySignIn(
  response: AuthenticationResponseJSON,
  next?: string,
): Promise<{ next: string } | { error: string }> {
  const client = await requestClient();
  const user = await verifySignIn(response);
  // A locked account fails like an unknown passkey, as a locked one fails like a wrong password.
  if (!user || isLocked(user)) {
    await audit(db, {
      action: "login.failed",
      targetUserId: user?.id,
      client,
      details: { reason: "passkey" },
    });
    return { error: REFUSED };
  }
  if (!(await startSession(user, client, { signInMethod: "passkey", amr: ["passkey"] })))
    return { error: REFUSED };
  return { next: safeNextPath(next) };
}

const credential = z.string().min(1).max(512);

export const renamePasskeyAction = ownerAction(
  z.object({
    credentialID: credential,
    name: z.string().trim().min(1, "Enter a name.").max(60, "Use at most 60 characters."),
  }),
  async ({ credentialID, name }, { session }) => {
    if (!(await renamePasskey(session.user.id, credentialID, name)))
      return { error: "That passkey no longer exists." };
    revalidatePath("/settings/passkeys");
    return { success: `Renamed to ${name}.` };
  },
);

export const removePasskeyAction = sensitiveAction(
  z.object({ credentialID: credential }),
  async ({ credentialID }, { session, client }) => {
    const result = await removePasskey(session.user.id, credentialID, client);
    revalidatePath("/settings/passkeys");
    // The answer would go with the passkey's row: the page says it instead.
    if (result.ok) return doneOnPage("passkey-removed");
    return {
      error:
        result.problem === "missing"
          ? "That passkey no longer exists."
          : "This passkey is your only way to sign in: add a password or another one first.",
    };
  },
);
