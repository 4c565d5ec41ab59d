// The one Auth.js configuration. Database sessions through our hashing adapter;
// no Credentials provider (Auth.js refuses it with database sessions), so
// password sign-in lives in lib/auth/sign-in.ts and ends in the same kind of row.

import { headers } from "next/headers";
import NextAuth, { type NextAuthConfig } from "next-auth";
import { config } from "@/lib/config/env";
import { newSessionToken } from "@/lib/sessions/token";
import { hashingAdapter } from "./adapter";
import { cookieFlags, isHttps, sessionCookieName } from "./cookies";

declare module "next-auth" {
  interface Session {
    sessionId: string;
    user: { id: string; email: string; name: string | null; role: string };
  }
}

const maxAge = config().SESSION_MAX_AGE_SECONDS;

const authConfig: NextAuthConfig = {
  adapter: hashingAdapter(),
  providers: [],
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
  // One line per problem: a stack trace in the log helps an attacker more than an operator.
  logger: {
    error(error) {
      console.error(`[auth] ${error.name}: ${error.message.split("\n")[0]}`);
    },
    warn(code) {
      console.warn(`[auth] warning: ${code}`);
    },
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
 * Auth.js would name its cookies from the URL it builds for each call (and prefix
 * the session cookie `__Secure-`); ours are `__Host-` on https by our own rule. So
 * the configuration is made per request with our names: /api/auth/* get the request,
 * signOut() and auth() run inside one and read its headers.
 */
function configFor(requestHeaders: Headers): NextAuthConfig {
  const https = isHttps(requestHeaders);
  return {
    ...authConfig,
    useSecureCookies: https,
    cookies: { sessionToken: { name: sessionCookieName(https), options: cookieFlags(https) } },
  };
}

// Pages and actions read the session with getCurrentSession (lib/auth/current.ts),
// the same adapter lookup without auth()'s per-call HTTP machinery; auth() stays
// exported for the benchmark that measures the difference.
export const { handlers, auth, signOut } = NextAuth(async (req) =>
  configFor(req?.headers ?? (await headers())),
);
