// Every sign-in over https offers DBSC registration (lib/auth/credentials.ts
// setSignInCookies is the one caller). The challenge rides in a short-lived
// cookie to the next response, where middleware turns it into the header.
import { cookies, headers } from "next/headers";
import { cookieFlags, isHttps } from "@/lib/auth/cookies";
import { CHALLENGE_TTL_SECONDS, issueBindingChallenge } from "./challenges";
import { OFFER_COOKIE } from "./protocol";

export async function offerBinding(sessionId: string): Promise<void> {
  // DBSC needs a secure origin; on http the browser would ignore the offer.
  if (!isHttps(await headers())) return;
  const challenge = await issueBindingChallenge(sessionId);
  (await cookies()).set(OFFER_COOKIE, challenge, { ...cookieFlags(true), maxAge: CHALLENGE_TTL_SECONDS });
}
