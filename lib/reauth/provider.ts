// Confirming "it's you" at an OpenID Connect provider. The dialog sends the
// browser there with prompt=login and max_age=0; Auth.js's callback comes back
// to the same session (for an account already linked to the signed-in user it
// creates none), and this counts it only when the ID token says the person
// signed in at the provider just now (auth_time; Auth.js has checked the
// token's signature and nonce) and the provider account is one this user had
// linked before this request. Linking never happens on this path: a signed-in
// callback links only by spending a "Connect" intent (lib/authjs/link-guard.ts),
// and the dialog drops any unspent one before it leaves for the provider.
import { decodeJwt } from "jose";
import { audit } from "@/lib/audit";
import { credentialsIn, sessionOf } from "@/lib/auth/request-session";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { renewAuthentication } from "@/lib/reauth/renew";

/** Authorization parameters that make the provider ask the person to sign in again, and say when they did. */
export const REAUTHENTICATE = { prompt: "login", max_age: "0" };

/** How old a provider sign-in may be when the callback arrives (the person's typing included). */
const FRESH_SECONDS = 300;
/** Clocks differ: a provider slightly ahead of us is not "in the future". */
const SKEW_SECONDS = 60;

export function freshAuthTime(idToken: string | undefined, now = Date.now()): boolean {
  if (!idToken) return false;
  let authTime: unknown;
  try {
    authTime = decodeJwt(idToken).auth_time;
  } catch {
    return false;
  }
  if (typeof authTime !== "number") return false;
  const age = now / 1000 - authTime;
  return age >= -SKEW_SECONDS && age <= FRESH_SECONDS;
}

/** Auth.js's signIn event on a provider's callback. */
export async function confirmedAtProvider(input: {
  userId: string | undefined;
  provider: string;
  idToken: string | undefined;
  linkedNow: boolean;
  requestHeaders: Headers;
  client: ClientInfo;
}): Promise<void> {
  if (input.linkedNow || !freshAuthTime(input.idToken)) return;
  // The request's credentials, decided as everywhere (a copied cookie of a bound
  // session is none); a new sign-in has none (Auth.js sets its cookie on its own response).
  const session = await sessionOf(credentialsIn(input.requestHeaders));
  // An administrator signed in as the user confirms nothing for them.
  if (!session || session.impersonator || session.userId !== input.userId) return;
  const renewed = await renewAuthentication(
    {
      sessionId: session.id,
      authTime: session.authTime,
      amr: session.amr,
      bound: session.boundAt !== null,
      user: session.user,
      impersonator: null,
    },
    input.provider,
  );
  if (renewed)
    await audit(db, {
      action: "session.reauthenticated",
      actorUserId: session.userId,
      targetUserId: session.userId,
      sessionId: session.id,
      client: input.client,
      details: { method: input.provider },
    });
}
