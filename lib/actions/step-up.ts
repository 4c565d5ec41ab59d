"use server";

// The "Confirm it's you" dialog's server side (lib/step-up/confirm.ts checks).
// Only the account's owner confirms: never an administrator signed in as them.
import { z } from "zod";
import { ownerAction, ownerSession, sensitiveAction } from "@/lib/actions/validated-action";
import { dropConnectIntents } from "@/lib/auth/connect-intent";
import { safeNextPath } from "@/lib/auth/forms";
import { signIn } from "@/lib/authjs";
import { type AuthenticationResponseJSON, confirmationOptions } from "@/lib/passkeys/passkeys";
import { REAUTHENTICATE } from "@/lib/reauth/provider";
import { confirmIdentity } from "@/lib/step-up/confirm";
import { confirmationMethods } from "@/lib/step-up/window";

/**
 * "Confirm it's you" alone, by password or code (the wrapper checks the proof
 * sent with it); in the browser the dialog then sends the form that asked again.
 */
export const confirmIdentityAction = sensitiveAction(z.object({}), async () => ({ success: "Confirmed." }));

export async function beginPasskeyConfirmation() {
  const owner = await ownerSession();
  if ("error" in owner) return owner;
  return { options: await confirmationOptions(owner.session.user.id) };
}

export async function finishPasskeyConfirmation(
  response: AuthenticationResponseJSON,
): Promise<{ error?: string }> {
  const owner = await ownerSession();
  if ("error" in owner) return owner;
  const confirmed = await confirmIdentity(owner.session, { method: "passkey", response }, owner.client);
  return confirmed.ok ? {} : { error: confirmed.error };
}

/** Off to the provider to sign in again; its callback brings the browser back to `next` (lib/reauth/provider.ts counts it). */
export const confirmWithProviderAction = ownerAction(
  z.object({ provider: z.string().max(64), next: z.string().max(2048) }),
  async ({ provider, next }, { session }) => {
    const { providers } = await confirmationMethods(session.user.id);
    if (!providers.some((p) => p.id === provider))
      return { error: "That provider is not connected to your account." };
    // Whatever account comes back, this round trip must not link it (lib/authjs/link-guard.ts).
    await dropConnectIntents(session.sessionId);
    await signIn(provider, { redirectTo: safeNextPath(next) }, REAUTHENTICATE);
    return undefined;
  },
);
