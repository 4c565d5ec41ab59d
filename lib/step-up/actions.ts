"use server";

// The "Confirm it's you" dialog's server side (lib/step-up/confirm.ts checks).
// Only the account's owner confirms: never an administrator signed in as them.
import { headers } from "next/headers";
import { z } from "zod";
import { ownerAction, ownerSession } from "@/lib/actions/validated-action";
import { safeNextPath } from "@/lib/auth/forms";
import { signIn } from "@/lib/auth/index";
import { clientInfo } from "@/lib/http/client-info";
import { type AuthenticationResponseJSON, confirmationOptions } from "@/lib/passkeys/passkeys";
import { confirmIdentity } from "./confirm";
import { REAUTHENTICATE } from "./provider";
import { confirmationMethods } from "./window";

const typedProof = z.discriminatedUnion("method", [
  z.object({ method: z.literal("password"), password: z.string().min(1, "Enter your password.").max(1024) }),
  z.object({
    method: z.literal("code"),
    code: z
      .string()
      .transform((c) => c.replace(/\s/g, ""))
      .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app.")),
  }),
]);

export const confirmIdentityAction = ownerAction(typedProof, async (proof, session) => {
  const confirmed = await confirmIdentity(session, proof, clientInfo(await headers()));
  return confirmed.ok ? { success: "Confirmed." } : { error: confirmed.error };
});

export async function beginPasskeyConfirmation() {
  const owner = await ownerSession();
  if ("error" in owner) return owner;
  const { session } = owner;
  return { options: await confirmationOptions(session.user.id) };
}

export async function finishPasskeyConfirmation(
  response: AuthenticationResponseJSON,
): Promise<{ error?: string }> {
  const owner = await ownerSession();
  if ("error" in owner) return owner;
  const { session } = owner;
  const confirmed = await confirmIdentity(
    session,
    { method: "passkey", response },
    clientInfo(await headers()),
  );
  return confirmed.ok ? {} : { error: confirmed.error };
}

/** Off to the provider to sign in again; its callback brings the browser back to `next` (./provider.ts counts it). */
export const confirmWithProviderAction = ownerAction(
  z.object({ provider: z.string().max(64), next: z.string().max(2048) }),
  async ({ provider, next }, session) => {
    const { providers } = await confirmationMethods(session.user.id);
    if (!providers.some((p) => p.id === provider))
      return { error: "That provider is not connected to your account." };
    await signIn(provider, { redirectTo: safeNextPath(next) }, REAUTHENTICATE);
    return undefined;
  },
);
