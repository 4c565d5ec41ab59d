// Linking a provider account is a sensitive action end to end, not only its
// button. "Connect NAME" (after step-up) leaves a connect intent: a random token
// in an httpOnly cookie, and its SHA-256 in a row bound to this session and this
// provider, good for a few minutes. Auth.js's signIn callback lets a signed-in
// request link an account only by spending such an intent, once. A request that
// skips the button (straight to /api/auth/signin/<id>), a "Confirm with NAME"
// that comes back with another provider account, or a copied cookie past the
// step-up window carries none, and links nothing.

import { RequestCookies } from "next/dist/server/web/spec-extension/cookies";
import { cookies, headers } from "next/headers";
import { randomToken, sha256Hex } from "@/lib/crypto/token";
import { db } from "@/lib/db/client";
import { connectIntentCookieName, cookieFlags, isHttps } from "@/lib/edge/cookies";

/** Long enough to sign in at a provider (and pass its consent screen), short enough to be useless later. */
export const CONNECT_INTENT_SECONDS = 10 * 60;

/** The one intent this session holds from now on (a newer click replaces an older one). */
export async function createConnectIntent(sessionId: string, provider: string): Promise<void> {
  const token = randomToken();
  const now = new Date();
  await db.$transaction([
    // Spent or not, older intents of this session and any expired ones go.
    db.connectIntent.deleteMany({ where: { OR: [{ sessionId }, { expires: { lte: now } }] } }),
    db.connectIntent.create({
      data: {
        tokenHash: sha256Hex(token),
        sessionId,
        provider,
        expires: new Date(now.getTime() + CONNECT_INTENT_SECONDS * 1000),
      },
    }),
  ]);
  const secure = isHttps(await headers());
  (await cookies()).set(connectIntentCookieName(secure), token, {
    ...cookieFlags(secure),
    maxAge: CONNECT_INTENT_SECONDS,
  });
}

/**
 * Spends the intent the request carries if it was made for this session and
 * provider and has not expired: true once, for one request, even when several
 * callbacks race (only the delete that found the row counts).
 */
export async function spendConnectIntent(
  requestHeaders: Headers,
  sessionId: string,
  provider: string,
): Promise<boolean> {
  const token = new RequestCookies(requestHeaders).get(
    connectIntentCookieName(isHttps(requestHeaders)),
  )?.value;
  if (!token) return false;
  const { count } = await db.connectIntent.deleteMany({
    where: { tokenHash: sha256Hex(token), sessionId, provider, expires: { gt: new Date() } },
  });
  const secure = isHttps(requestHeaders);
  (await cookies()).delete({ name: connectIntentCookieName(secure), ...cookieFlags(secure) });
  return count === 1;
}

/** Before "Confirm with NAME": an unspent "Connect" must not turn that sign-in into a link. */
export async function dropConnectIntents(sessionId: string): Promise<void> {
  await db.connectIntent.deleteMany({ where: { sessionId } });
}
