"use server";
// Sign-in through an Auth.js provider, and connecting one in settings: plain
// form posts, so they work without JavaScript.
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { sensitiveAction } from "@/lib/actions/validated-action";
import { clientInfo } from "@/lib/http/client-info";
import { disconnect } from "./connected-accounts";
import { safeNextPath } from "./forms";
import { signIn } from "./index";
import { isSignInProvider, signInMethodLabel } from "./providers";

/** Sends the browser to the provider; Auth.js sets the PKCE, state and nonce cookies on the way. */
export async function providerSignInAction(formData: FormData): Promise<void> {
  const provider = formData.get("provider");
  if (typeof provider !== "string" || !isSignInProvider(provider)) return;
  const next = formData.get("next");
  await signIn(provider, { redirectTo: safeNextPath(typeof next === "string" ? next : null) });
}

const providerForm = z.object({
  provider: z.string().refine(isSignInProvider, "That sign-in provider is not configured."),
});

/**
 * Connecting is Auth.js's sign-in with the session cookie present: Auth.js then
 * links the provider's account to the signed-in user (or refuses one that already
 * belongs to another account), and creates no new session. Connecting and
 * disconnecting change how the account can be entered: both need step-up.
 */
export const connectAccountAction = sensitiveAction(providerForm, async ({ provider }) => {
  await signIn(provider, { redirectTo: "/settings/accounts" });
  return undefined;
});

export const disconnectAccountAction = sensitiveAction(providerForm, async ({ provider }, session) => {
  const result = await disconnect(session.user.id, provider, clientInfo(await headers()));
  revalidatePath("/settings/accounts");
  const name = signInMethodLabel(provider);
  if (result === "last_method")
    return { error: `${name} is your only way to sign in: connect another account first.` };
  if (result === "not_connected") return { error: `${name} is not connected.` };
  return { success: `${name} was disconnected.` };
});
