// What /login says when Auth.js sends a provider sign-in back with ?error=<type>.
// Only the types Auth.js passes to the client arrive; anything else is "Configuration".
const MESSAGES: Record<string, string> = {
  OAuthAccountNotLinked:
    "An account here already uses that email address, and this sign-in method is not connected to it. " +
    "Sign in with your password, then connect it under Settings, Connected accounts.",
  AccessDenied: "That account cannot sign in here right now.",
  OAuthCallbackError: "The sign-in provider did not complete the sign-in. Please try again.",
};

const FALLBACK =
  "Signing in with that provider did not work. Please try again, or sign in with your password.";

export function providerErrorMessage(type: string | undefined): string | undefined {
  if (!type) return undefined;
  return MESSAGES[type] ?? FALLBACK;
}

/**
 * The same errors when they end a "Connect NAME" from settings (the user is signed
 * in): Auth.js refuses OAuthAccountNotLinked there only when the provider account
 * already belongs to another account here.
 */
export function connectErrorMessage(type: string | undefined): string | undefined {
  if (type === "OAuthAccountNotLinked")
    return "That account is already connected to another account here, so it cannot be connected to this one.";
  // Signed in, Auth.js refuses a provider account that "Connect" did not ask for (lib/authjs/link-guard.ts).
  if (type === "AccessDenied")
    return "Nothing was connected: a provider account is connected only with a Connect button on this page, and confirming it's you works only with an account already connected.";
  return providerErrorMessage(type);
}
