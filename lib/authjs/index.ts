// The one Auth.js configuration. Database sessions through our hashing adapter;
// no Credentials provider (Auth.js refuses it with database sessions), so
// password sign-in lives in lib/auth/sign-in.ts and ends in the same kind of row.
// The OAuth/OpenID Connect providers (lib/auth/providers.ts) are Auth.js's own.

import { headers } from "next/headers";
import NextAuth, { type NextAuthConfig } from "next-auth";
import type { Adapter, AdapterSession } from "next-auth/adapters";
import { audit } from "@/lib/audit";
import { readDeviceCookie, setSignInCookies } from "@/lib/auth/credentials";
import { authProviders } from "@/lib/auth/providers";
import { credentialsIn } from "@/lib/auth/request-session";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { cookieFlags, isHttps, sessionCookieName } from "@/lib/edge/cookies";
import { type ClientInfo, clientInfo } from "@/lib/http/client-info";
import { logger } from "@/lib/log/logger";
import { confirmedAtProvider } from "@/lib/reauth/provider";
import { newSessionToken } from "@/lib/sessions/token";
import { isLocked } from "@/lib/users/lock";
import { hashingAdapter } from "./adapter";
import { providerCallbackAllowed } from "./link-guard";

declare module "next-auth" {
  interface Session {
    sessionId: string;
    user: { id: string; email: string; name: string | null; role: string };
  }
}

const maxAge = config().SESSION_MAX_AGE_SECONDS;

const authConfig: NextAuthConfig = {
  providers: authProviders(),
  // Self-hosted: the app answers on whatever host reaches it, unless AUTH_URL pins one.
  trustHost: true,
  secret: config().AUTH_SECRET,
  session: {
    strategy: "database",
    maxAge,
    // Never extend `expires`: it is the absolute timeout. Activity is tracked in lastActiveAt.
    updateAge: maxAge,
    generateSessionToken: newSessionToken,
  },
  pages: { signIn: "/login", error: "/login" },
  // One line per problem, as the error's name and first line (lib/log drops the
  // stack). Not Auth.js's cause and details: they can hold tokens and profiles.
  logger: {
    error(error) {
      // The build minifies Auth.js's class names (err.name reads "j"); its `type` keeps the name.
      const type = (error as { type?: string }).type ?? error.name;
      logger().error({ event: "authjs.error", type, err: error }, `Auth.js reported ${type}`);
    },
    warn(code) {
      logger().warn({ event: "authjs.warning", code }, "Auth.js warning");
    },
    // Auth.js's debug metadata carries cookies, tokens and profiles.
    debug() {},
  },
  callbacks: {
    // What auth() returns: never the raw token or the whole row.
    session({ session, user }) {
      const { id } = session as typeof session & { id: string };
      const { role } = user as typeof user & { role: string };
      return {
        expires: session.expires,
        sessionId: id,
        user: { id: user.id, email: user.email, name: user.name ?? null, role },
      };
    },
  },
};

/**
 * Auth.js creates a session only on a provider's callback (/api/auth/callback/<id>),
 * so that request names the sign-in method and the device. The session begins
 * like every other (lib/sessions/begin.ts), and gets its edge token on the same
 * response, so the first protected page needs no refresh round trip.
 */
function requestAdapter(requestHeaders: Headers, pathname: string | undefined): Adapter {
  const method = pathname?.match(/^\/api\/auth\/callback\/([^/]+)$/)?.[1];
  const client = clientInfo(requestHeaders);
  // The edge token this request carries: the adapter's session lookup (every
  // /api/auth/* route, sign-out included) then decides as our pages do.
  const proof = { edgeToken: credentialsIn(requestHeaders).edgeToken };
  const adapter = hashingAdapter(db, method ? { client, signInMethod: method } : undefined, proof);
  return {
    ...adapter,
    async createSession(session: AdapterSession) {
      // The browser's device cookie is read only now: the new-sign-in alert needs it.
      const origin = method
        ? { client, signInMethod: method, deviceId: await readDeviceCookie() }
        : undefined;
      const created = await hashingAdapter(db, origin, proof).createSession(session);
      const { role } = await db.user.findUniqueOrThrow({
        where: { id: created.userId },
        select: { role: true },
      });
      await setSignInCookies({ ...created, role });
      return created;
    },
  };
}

/** A locked account stays out whichever way it comes in: Auth.js then answers AccessDenied. */
async function notLocked(userId: string, client: ClientInfo, method: string): Promise<boolean> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { lockedAt: true, lockedUntil: true },
  });
  if (!user || !isLocked(user)) return true;
  await audit(db, {
    action: "login.failed",
    targetUserId: userId,
    client,
    details: { reason: "locked", method },
  });
  return false;
}

/**
 * Auth.js would name its cookies from the URL it builds for each call (and prefix
 * the session cookie `__Secure-`); ours are `__Host-` on https by our own rule. So
 * the configuration is made per request with our names: /api/auth/* get the request,
 * signOut() and auth() run inside one and read its headers.
 */
function configFor(requestHeaders: Headers, pathname?: string): NextAuthConfig {
  const https = isHttps(requestHeaders);
  // Set when this request links a provider account: its sign-in then confirms nothing (lib/reauth/provider.ts).
  let linkedNow = false;
  return {
    ...authConfig,
    adapter: requestAdapter(requestHeaders, pathname),
    events: {
      createUser: ({ user }) =>
        audit(db, {
          action: "user.created",
          actorUserId: user.id,
          targetUserId: user.id,
          client: clientInfo(requestHeaders),
        }),
      linkAccount: ({ user, account }) => {
        linkedNow = true;
        return audit(db, {
          action: "account.linked",
          actorUserId: user.id,
          targetUserId: user.id,
          client: clientInfo(requestHeaders),
          details: { provider: account.provider },
        });
      },
      signIn: ({ user, account }) =>
        account?.type === "oidc"
          ? confirmedAtProvider({
              userId: user.id,
              provider: account.provider,
              idToken: account.id_token,
              linkedNow,
              requestHeaders,
              client: clientInfo(requestHeaders),
            })
          : undefined,
    },
    callbacks: {
      ...authConfig.callbacks,
      // Every account has an email (sign-up, links in mail): a provider that sends none is refused.
      // Signed in, a provider account is linked only through "Connect NAME" (./link-guard.ts).
      // A user Auth.js is about to create has no row yet, so nothing to be locked.
      signIn: async ({ user, account }) =>
        Boolean(user.email) &&
        (!account || (await providerCallbackAllowed(requestHeaders, account, clientInfo(requestHeaders)))) &&
        notLocked(user.id ?? "", clientInfo(requestHeaders), account?.provider ?? "other"),
    },
    useSecureCookies: https,
    cookies: { sessionToken: { name: sessionCookieName(https), options: cookieFlags(https) } },
  };
}

// Pages and actions read the session with getCurrentSession (lib/auth/current.ts),
// the same adapter lookup without auth()'s per-call HTTP machinery; auth() stays
// exported for the benchmark that measures the difference.
export const { handlers, auth, signIn, signOut } = NextAuth(async (req) =>
  req ? configFor(req.headers, req.nextUrl.pathname) : configFor(await headers()),
);
