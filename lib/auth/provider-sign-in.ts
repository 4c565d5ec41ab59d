"use server";
// Sign-in through an Auth.js provider: a plain form post, so it works without JavaScript.
import { safeNextPath } from "./forms";
import { signIn } from "./index";
import { isSignInProvider } from "./providers";

/** Sends the browser to the provider; Auth.js sets the PKCE, state and nonce cookies on the way. */
export async function providerSignInAction(formData: FormData): Promise<void> {
  const provider = formData.get("provider");
  if (typeof provider !== "string" || !isSignInProvider(provider)) return;
  const next = formData.get("next");
  await signIn(provider, { redirectTo: safeNextPath(typeof next === "string" ? next : null) });
}
