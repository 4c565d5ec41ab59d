// Every sign-in over https offers DBSC registration (lib/auth/credentials.ts
// setSignInCookies is the one caller), on the sign-in response itself. That is a
// server action's or Auth.js's response, which Next lets us add cookies to but
// not headers: our server adds the header (lib/runtime/request-state.ts).
import { headers } from "next/headers";
import { isHttps } from "@/lib/edge/cookies";
import { addResponseHeaders, canAddResponseHeaders } from "@/lib/runtime/request-state";
import { issueBindingChallenge } from "./challenges";
import { registrationHeaders } from "./protocol";

export async function offerBinding(sessionId: string): Promise<void> {
  // DBSC needs a secure origin; on http the browser would ignore the offer.
  if (!isHttps(await headers()) || !canAddResponseHeaders()) return;
  addResponseHeaders(registrationHeaders(await issueBindingChallenge(sessionId)));
}
