// Auth.js's signIn callback, for a provider's callback: the last point before
// Auth.js links a provider account. Auth.js links whenever the request carries a
// session (its adapter's lookup, the same decision as ours: lib/auth/request-session.ts)
// and the provider account is linked to nobody (handle-login.ts in @auth/core).
// Here that happens only when the request spends a connect intent made by
// "Connect NAME" after step-up (lib/auth/connect-intent.ts). Everything else a
// signed-in request may do at a provider's callback links nothing:
// - the provider account is already this user's: a sign-in again ("Confirm it's
//   you"); it creates no session and links nothing;
// - it belongs to another user: Auth.js refuses it itself (OAuthAccountNotLinked).
import type { Account } from "next-auth";
import { audit } from "@/lib/audit";
import { spendConnectIntent } from "@/lib/auth/connect-intent";
import { credentialsIn, sessionOf } from "@/lib/auth/request-session";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";

/** False when the callback must stop here (Auth.js then answers AccessDenied). */
export async function providerCallbackAllowed(
  requestHeaders: Headers,
  account: Pick<Account, "type" | "provider" | "providerAccountId">,
  client: ClientInfo,
): Promise<boolean> {
  if (account.type !== "oauth" && account.type !== "oidc") return true;
  const session = await sessionOf(credentialsIn(requestHeaders));
  // Signed out (or a cookie that is no session, e.g. a copied bound one): a sign-in
  // or a sign-up, which Auth.js never links to an existing account by email.
  if (!session) return true;
  const { provider, providerAccountId } = account;
  const link = await db.account.findUnique({
    where: { provider_providerAccountId: { provider, providerAccountId } },
    select: { userId: true },
  });
  // An administrator signed in as the user neither links nor confirms anything for them.
  if (link?.userId === session.userId) return !session.impersonator;
  if (link) return true;
  if (!session.impersonator && (await spendConnectIntent(requestHeaders, session.id, provider))) return true;
  await audit(db, {
    action: "account.link_refused",
    actorUserId: session.impersonator?.id ?? session.userId,
    targetUserId: session.userId,
    sessionId: session.id,
    client,
    details: { provider, providerAccountId, reason: session.impersonator ? "impersonation" : "no_intent" },
  });
  return false;
}
