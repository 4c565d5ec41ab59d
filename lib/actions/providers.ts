"use server";
// Sign-in through an Auth.js provider, and connecting one in settings: plain
// form posts, so they work without JavaScript.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { doneOnPage } from "@/lib/actions/done";
import { sensitiveAction } from "@/lib/actions/validated-action";
import { createConnectIntent } from "@/lib/auth/connect-intent";
import { disconnect } from "@/lib/auth/connected-accounts";
import { safeNextPath } from "@/lib/auth/forms";
import { isSignInProvider, signInMethodLabel } from "@/lib/auth/providers";
import { signIn } from "@/lib/authjs";
import { emailVerified } from "@/lib/users/verified-only";

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

const NEEDS_VERIFIED_EMAIL =
  "Verify your email address first: a sign-in provider can be connected only to an account whose address is verified.";

/**
 * Connecting is Auth.js's sign-in with the session cookie present: Auth.js then
 * links the provider's account to the signed-in user (or refuses one that already
 * belongs to another account), and creates no new session. Connecting and
 * disconnecting change how the account can be entered: both need step-up, and
 * connecting a verified address. The link itself is allowed only with the
 * intent made here, for this session and provider (lib/auth/connect-intent.ts).
 */
export const connectAccountAction = sensitiveAction(providerForm, async ({ provider }, { session }) => {
  if (!(await emailVerified(session.user.id))) return { error: NEEDS_VERIFIED_EMAIL };
  await createConnectIntent(session.sessionId, provider);
  await signIn(provider, { redirectTo: "/settings/accounts" });
  return undefined;
});

const disconnectForm = providerForm.extend({
  /** Which of the provider's accounts, when the user has several linked. */
  providerAccountId: z.string().min(1).max(255).optional(),
});

export const disconnectAccountAction = sensitiveAction(disconnectForm, async (input, { session, client }) => {
  const { provider, providerAccountId } = input;
  const result = await disconnect(session.user.id, provider, client, providerAccountId);
  revalidatePath("/settings/accounts");
  const name = signInMethodLabel(provider);
  if (result === "last_method")
    return { error: `${name} is your only way to sign in: connect another account first.` };
  if (result === "not_connected") return { error: `${name} is not connected.` };
  // The answer would go with the button ("Connect" takes its place): the page says it instead.
  return doneOnPage("provider-disconnected");
});
