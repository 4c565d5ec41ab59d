// The two DBSC routes: registration (the browser proves it holds a new key; we
// store the public half on the session) and refresh (it proves it still holds
// it; we mint a fresh edge token). The edge token is the bound credential, so a
// copied one dies within its TTL and cannot be renewed without the key.
import { NextRequest, NextResponse } from "next/server";
import { audit } from "@/lib/audit";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { cookieFlags, edgeCookieName, impersonatorCookieName, sessionCookieName } from "@/lib/edge/cookies";
import { mintEdgeToken, type SessionClaims, sessionClaimsOf } from "@/lib/edge/token";
import { clientInfo } from "@/lib/http/client-info";
import { findSessionById, findSessionByToken } from "@/lib/sessions/store";
import { issueBindingChallenge, spendBindingChallenge } from "./challenges";
import { claimedChallenge, provesKey, registrationKey } from "./proof";
import { challengeHeader, isChallenge, REFRESH_PATH, REGISTRATION_PATH } from "./protocol";

const NO_STORE = { "cache-control": "no-store" };

/** The routes that must work without the bound cookie: signing in, and the exchange itself. */
const UNBOUND_PATHS = ["/login", "/signup", "/api/auth", REGISTRATION_PATH, REFRESH_PATH, "/_next/static"];

/** Sent after registration and each refresh: the edge-token cookie is the credential, on this origin. */
function sessionConfig(req: Request, sessionId: string) {
  const url = new URL(req.url);
  const host = req.headers.get("host") ?? url.host;
  const domain = host.replace(/:\d+$/, "");
  return {
    session_identifier: sessionId,
    refresh_url: REFRESH_PATH,
    scope: {
      origin: `https://${host}`,
      include_site: false,
      scope_specification: UNBOUND_PATHS.map((path) => ({ type: "exclude", domain, path })),
    },
    // The attributes must be the cookie's own (lib/edge/cookies.ts cookieFlags on https).
    credentials: [
      { type: "cookie", name: edgeCookieName(true), attributes: "Path=/; Secure; HttpOnly; SameSite=Lax" },
    ],
  };
}

/** The session if it may still be used (the checks of every request), with its bound key. */
async function liveSession(id: string) {
  const session = await findSessionById(id);
  // "Sign in as user" sessions are never offered binding (lib/impersonation).
  if (!session || session.impersonator) return null;
  const row = await db.session.findUnique({ where: { id }, select: { boundKey: true } });
  return { ...session, boundKey: row?.boundKey ?? null };
}

type Live = NonNullable<Awaited<ReturnType<typeof liveSession>>>;

/**
 * The session configuration with a fresh bound edge token: the only place one is
 * minted (lib/auth/credentials.ts setEdgeCookie clears a bound session's cookie
 * instead). DBSC runs on https only, so the cookie is always the `__Host-` one.
 * It lives BOUND_EDGE_TOKEN_TTL_SECONDS: Chromium renews it once less than 120 s
 * are left, so a shorter TTL costs a signed refresh on about every request.
 */
async function renewed(
  req: Request,
  session: Live,
  headers: Record<string, string>,
  claims: SessionClaims = sessionClaimsOf(session),
): Promise<Response> {
  const ttlSeconds = config().BOUND_EDGE_TOKEN_TTL_SECONDS;
  const res = NextResponse.json(sessionConfig(req, session.id), { headers: { ...NO_STORE, ...headers } });
  res.cookies.set(edgeCookieName(true), await mintEdgeToken(claims, { ttlSeconds }), {
    ...cookieFlags(true),
    maxAge: ttlSeconds,
  });
  return res;
}

function proofOf(req: Request): string | null {
  return req.headers.get("secure-session-response") ?? req.headers.get("sec-secure-session-response");
}

function refused(status: number, error: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error }, { status, headers: { ...NO_STORE, ...headers } });
}

/** POST REGISTRATION_PATH. The browser sends no cookies here: the challenge names the session. */
export async function register(req: Request): Promise<Response> {
  const client = clientInfo(req.headers);
  const proof = proofOf(req);
  const challenge = claimedChallenge(proof);
  const spent =
    isChallenge(challenge ?? undefined) && challenge ? await spendBindingChallenge(challenge) : null;
  // Nothing we issued: nobody to attribute it to, so not audited.
  if (!proof || !challenge || !spent) return refused(400, "Unknown challenge.");
  const session = await liveSession(spent.sessionId);
  if (!session) return refused(400, "The session has ended.");
  const failed = async (reason: string) => {
    await audit(db, {
      action: "session.binding_failed",
      targetUserId: session.userId,
      sessionId: session.id,
      client,
      details: { reason },
    });
    return refused(400, "The proof was not accepted.");
  };
  if (!spent.live) return failed("stale_challenge");
  const key = await registrationKey(proof, challenge);
  if (!key) return failed("bad_proof");
  // A session binds once: a second key (a replayed offer) must not replace the first.
  const bound = await db.$transaction(async (tx) => {
    const { count } = await tx.session.updateMany({
      where: { id: session.id, boundKey: null },
      data: { boundKey: JSON.stringify(key), boundAt: new Date() },
    });
    if (count === 1)
      await audit(tx, {
        action: "session.bound",
        actorUserId: session.userId,
        targetUserId: session.userId,
        sessionId: session.id,
        client,
        details: { alg: key.kty === "EC" ? "ES256" : "RS256" },
      });
    return count === 1;
  });
  if (!bound) return failed("already_bound");
  return renewed(req, session, {});
}

/**
 * POST REFRESH_PATH, named by `Sec-Secure-Session-Id`. Without a proof: a 403 with
 * a fresh challenge. With one: a new edge token only if the stored key signed the
 * challenge we issued for this session. A session that ended (or is not bound)
 * answers `continue: false`, so the browser stops refreshing it.
 */
export async function refresh(req: Request): Promise<Response> {
  const client = clientInfo(req.headers);
  const started = performance.now();
  const sessionId = req.headers.get("sec-secure-session-id")?.replace(/^"|"$/g, "") ?? "";
  const session = sessionId ? await liveSession(sessionId) : null;
  const dbMs = performance.now() - started;
  // Chromium reads `continue` only in an answer that names the session it asked about.
  if (!session?.boundKey)
    return Response.json({ session_identifier: sessionId, continue: false }, { headers: NO_STORE });
  const proof = proofOf(req);
  if (!proof) {
    const challenge = await issueBindingChallenge(session.id);
    return new Response(null, {
      status: 403,
      headers: { ...NO_STORE, "secure-session-challenge": challengeHeader(challenge, session.id) },
    });
  }
  const proofStarted = performance.now();
  const challenge = claimedChallenge(proof);
  const spent = challenge && isChallenge(challenge) ? await spendBindingChallenge(challenge) : null;
  const reason = !spent
    ? "unknown_challenge"
    : spent.sessionId !== session.id
      ? "other_session"
      : !spent.live
        ? "stale_challenge"
        : !(await provesKey(proof, session.boundKey, challenge as string))
          ? "bad_proof"
          : null;
  const proofMs = performance.now() - proofStarted;
  if (reason) {
    await audit(db, {
      action: "session.refresh_refused",
      targetUserId: session.userId,
      sessionId: session.id,
      client,
      details: { reason },
    });
    return refused(401, "The proof was not accepted.");
  }
  return renewed(
    req,
    session,
    {
      "server-timing": `db-session;dur=${dbMs.toFixed(2)};desc="database session check", dbsc-proof;dur=${proofMs.toFixed(2)};desc="DBSC proof (challenge and signature)"`,
    },
    (await actingAsUser(req, session.userId)) ?? undefined,
  );
}

/**
 * While this administrator's device is signed in as a user ("Sign in as user"),
 * the cookie the device renews is the edge token of that session (with `act`):
 * the administrator's own would let the tab past the edge's /admin gate and hide
 * a revocation of the session as the user from the edge.
 */
async function actingAsUser(req: Request, adminId: string): Promise<SessionClaims | null> {
  // Next's cookie parser, on the request's headers only (its body is not ours to read twice).
  const jar = new NextRequest(req.url, { headers: req.headers }).cookies;
  // Only a browser that set its own session aside can be signed in as someone else:
  // every other signed refresh (the common case) costs no second session lookup.
  if (!jar.has(impersonatorCookieName(true))) return null;
  const token = jar.get(sessionCookieName(true))?.value;
  const current = token ? await findSessionByToken(token) : null;
  if (!current || current.impersonator?.id !== adminId) return null;
  return sessionClaimsOf(current);
}
