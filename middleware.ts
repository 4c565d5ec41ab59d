// The edge gate. It decides from the edge token alone (no database) whether a
// request may reach a protected page; the page then checks the database session.
// It also sets the security headers of every response.
// Edge runtime: import nothing that needs Node (no Prisma).
import { type NextFetchEvent, type NextRequest, NextResponse } from "next/server";
import { config as appConfig } from "@/lib/config/env";
import { apiIssuer, verifyAccessToken } from "@/lib/edge/access-token";
import { ADMIN_MFA_SETUP, adminMfaRequired, hasSecondFactor } from "@/lib/edge/admin-mfa";
import { bearerError, presentedToken } from "@/lib/edge/bearer";
import { edgeCookieName, isHttps, sessionCookieName } from "@/lib/edge/cookies";
import { providerOrigins } from "@/lib/edge/provider-origins";
import { edgeRevocations, FEED_SYNCED_AT_HEADER, METRICS_PATH, READINESS_PATH } from "@/lib/edge/revocations";
import { contentSecurityPolicy, newNonce, securityHeaders } from "@/lib/edge/security-headers";
import { type EdgeClaims, verifyEdgeToken } from "@/lib/edge/token";

const PROTECTED = ["/dashboard", "/devices", "/device", "/settings", "/admin"];

function isProtected(pathname: string): boolean {
  return PROTECTED.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

function redirectTo(req: NextRequest, path: string, next: string): NextResponse {
  const url = new URL(path, req.url);
  url.searchParams.set("next", next);
  return NextResponse.redirect(url, 303);
}

// Turned away at the edge, without rendering the app; the admin pages check the database role again.
function forbidden(): NextResponse {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not allowed</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">
<h1>You do not have access to this page</h1>
<p>This page is for administrators. If you think you should have access, ask an administrator.</p>
<p><a href="/dashboard">Go to your dashboard</a></p></body></html>`;
  return new NextResponse(html, { status: 403, headers: { "content-type": "text/html; charset=utf-8" } });
}

/** Brings the revocation set up to date (waiting a moment only if it is stale); the rest of the pass outlives the response. */
async function refreshRevocations(event: NextFetchEvent): Promise<void> {
  const { pass } = await edgeRevocations.refresh();
  if (pass) event.waitUntil(pass);
}

/** /api/v1 in any spelling the router would accept (case, percent-encoding). */
function isApi(pathname: string): boolean {
  let path = pathname;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    // Malformed encoding: the router will not match it either.
  }
  return /^\/api\/v1(\/|$)/i.test(path);
}

/**
 * The API's edge check: a valid access token (signature with a published key,
 * issuer, audience, lifetime) whose session the revocation feed has not ended,
 * with no database call. The route handler checks the proof and the session
 * itself. Cookies are dropped: they never authenticate the API.
 */
async function apiGate(
  req: NextRequest,
  requestHeaders: Headers,
  event: NextFetchEvent,
): Promise<NextResponse> {
  const presented = presentedToken(req.headers);
  if (!presented) return asNext(bearerError(401, null, "Send an access token in the Authorization header."));
  await refreshRevocations(event);
  const claims = await verifyAccessToken(presented.token, apiIssuer(req));
  if (!claims)
    return asNext(bearerError(401, "invalid_token", "The access token is not valid or has expired."));
  if (edgeRevocations.isRevoked(claims.sid) || edgeRevocations.isCutOff(claims))
    return asNext(bearerError(401, "invalid_token", "The session of this token has ended."));
  if (claims.cnf && presented.scheme !== "DPoP")
    return asNext(
      bearerError(401, "invalid_token", "This token is bound to a key: use the DPoP scheme with a proof."),
    );
  requestHeaders.delete("cookie");
  return NextResponse.next({ request: { headers: requestHeaders } });
}

function asNext(res: Response): NextResponse {
  return new NextResponse(res.body, { status: res.status, headers: res.headers });
}

type Timing = { edgeMs?: number };
/** What the edge can say about a request's token: its claims if it passes, and whether the revocation set was current. */
type EdgeVerdict = { claims: EdgeClaims | null; stale: boolean };

/** While the feed is silent, a token is trusted only this soon after the database check that minted it. */
const STALE_TOKEN_MAX_AGE_S = 5;

async function edgeVerdict(
  req: NextRequest,
  https: boolean,
  event: NextFetchEvent,
  timing: Timing,
): Promise<EdgeVerdict> {
  const started = performance.now();
  await refreshRevocations(event);
  const claims = await verifyEdgeToken(req.cookies.get(edgeCookieName(https))?.value);
  timing.edgeMs = performance.now() - started;
  const stale = !edgeRevocations.isFresh();
  if (!claims || edgeRevocations.isRevoked(claims.sid) || edgeRevocations.isCutOff(claims))
    return { claims: null, stale };
  // A stale set cannot tell a revoked session from a live one: only a token minted
  // just now (right after a database check, so no redirect loop) still passes.
  if (stale && Date.now() / 1000 - claims.iat > STALE_TOKEN_MAX_AGE_S) return { claims: null, stale };
  return { claims, stale };
}

async function gate(
  req: NextRequest,
  https: boolean,
  requestHeaders: Headers,
  event: NextFetchEvent,
  verdictOf: () => Promise<EdgeVerdict>,
): Promise<NextResponse> {
  const { pathname, search } = req.nextUrl;

  if (pathname === "/api/session/edge") {
    const { claims, stale } = await verdictOf();
    const headers = { "cache-control": "no-store" };
    if (stale) {
      // Without a current revocation set the edge cannot vouch for any token.
      return NextResponse.json(
        { error: "The edge cannot check revocations right now." },
        { status: 503, headers: { ...headers, "retry-after": "2" } },
      );
    }
    return claims
      ? NextResponse.json(
          {
            sub: claims.sub,
            sid: claims.sid,
            role: claims.role,
            exp: claims.exp,
            auth_time: claims.auth_time,
            amr: claims.amr,
            act: claims.act,
          },
          { headers },
        )
      : NextResponse.json({ error: "No valid edge token." }, { headers, status: 401 });
  }

  const pass = () => NextResponse.next({ request: { headers: requestHeaders } });
  if (isApi(pathname)) return apiGate(req, requestHeaders, event);
  if (!isProtected(pathname)) return pass();

  const { claims } = await verdictOf();
  if (claims) {
    if (
      pathname.startsWith("/admin") &&
      claims.role === "admin" &&
      adminMfaRequired() &&
      !hasSecondFactor(claims.amr)
    )
      return NextResponse.redirect(new URL(ADMIN_MFA_SETUP, req.url), 303);
    // An administrator signed in as a user (`act`) has that user's rights only.
    if (pathname.startsWith("/admin") && (claims.role !== "admin" || claims.act)) {
      return forbidden();
    }
    return pass();
  }

  const hasSession = req.cookies.has(sessionCookieName(https));
  // A form post (server action) carries its own database check; only page loads are re-routed.
  if (req.method !== "GET" && req.method !== "HEAD") {
    return hasSession ? pass() : new NextResponse("Sign in first.", { status: 401 });
  }
  // An expired (or, while the feed is silent, older) edge token is a cache miss,
  // not a sign-out: re-check the database and re-mint.
  return redirectTo(req, hasSession ? "/api/session/refresh" : "/login", pathname + search);
}

export async function middleware(req: NextRequest, event: NextFetchEvent) {
  const https = isHttps(req.headers);
  const csp = contentSecurityPolicy(newNonce(), {
    https,
    dev: process.env.NODE_ENV === "development",
    formTargets: providerOrigins(appConfig()),
  });
  const requestHeaders = new Headers(req.headers);
  // Next takes the nonce for its scripts from here; pages use the path to send a
  // signed-out user to /login and back. Neither can be supplied by the client.
  requestHeaders.set("content-security-policy", csp);
  requestHeaders.set("x-current-path", req.nextUrl.pathname + req.nextUrl.search);
  if (req.nextUrl.pathname === READINESS_PATH || req.nextUrl.pathname === METRICS_PATH) {
    // Readiness and metrics report whether the edge's revocation feed answered recently: ask it now
    // (waiting a moment if stale) and pass on when it last answered.
    await refreshRevocations(event);
    requestHeaders.set(FEED_SYNCED_AT_HEADER, String(edgeRevocations.syncedAt() ?? "never"));
  } else requestHeaders.delete(FEED_SYNCED_AT_HEADER);

  const timing: Timing = {};
  const res = await gate(req, https, requestHeaders, event, () => edgeVerdict(req, https, event, timing));
  for (const [name, value] of Object.entries(securityHeaders(csp, https))) res.headers.set(name, value);
  // Visible in devtools: what the edge check cost this request.
  if (timing.edgeMs !== undefined)
    res.headers.append("server-timing", `edge;dur=${timing.edgeMs.toFixed(2)};desc="edge token"`);
  return res;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/internal/).*)"],
};
