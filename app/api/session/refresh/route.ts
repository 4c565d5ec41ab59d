// GET: where middleware sends a browser whose edge token expired but which still
// has a session cookie: check the database session, mint a new edge token, go back.
// Several tabs may arrive at once; each just gets a fresh token, none is signed out.
// While the database is down: a 503 page, and both cookies stay as they are.
// An administrator whose session as a user ended (the user revoked it, its hour
// ran out) is put back in their own session here instead of going to /login.
// A device-bound session is not renewed this way: its cookie alone is what a thief
// would bring, so it goes to /login and the attempt is audited; with a valid edge
// token its cookie is cleared, for the device to renew it with its proof; so is the
// edge token of a session as a user that "Stop impersonating" raced with.
//
// POST: the DBSC refresh of a bound session, with a proof of the device's key (lib/dbsc).
import { audit } from "@/lib/audit";
import { clearCredentialCookies, clearEdgeCookie, setEdgeCookie } from "@/lib/auth/credentials";
import { boundSessionWithoutProof, edgeClaimsOf, timedSession } from "@/lib/auth/current";
import { safeNextPath } from "@/lib/auth/forms";
import { db } from "@/lib/db/client";
import { refresh } from "@/lib/dbsc/exchange";
import { clientInfo } from "@/lib/http/client-info";
import { unavailableHtml, withOutageAnswer } from "@/lib/http/unavailable";
import { returnToOwnSession } from "@/lib/impersonation/return";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

export const GET = withOutageAnswer(renewEdgeToken, unavailableHtml);

export const POST = withOutageAnswer(refresh);

async function renewEdgeToken(req: Request): Promise<Response> {
  const next = safeNextPath(new URL(req.url).searchParams.get("next"));
  const { session, serverTiming } = await timedSession();
  if (!session) {
    const copied = await boundSessionWithoutProof();
    if (copied?.leftByImpersonation) {
      // Back to `next` without it: the device renews its own with a proof (a
      // thief's browser cannot, and comes back here with no edge token at all).
      await clearEdgeCookie();
      return seeOther(next, serverTiming);
    }
    if (copied && req.headers.get("rsc") === "1") {
      // Next renders an action's redirect target through a fetch of its own with the
      // action's cookies, where a bound session's edge token, just cleared for the
      // device to renew ("Stop impersonating", step-up), is missing. Answered plainly
      // (not as RSC), Next lets the browser load the page itself, with a renewed token;
      // a browser that cannot renew it comes back without `rsc` and meets what follows.
      return new Response("Renew the device-bound token first.", { status: 401, headers: NO_STORE });
    }
    if (copied)
      await audit(db, {
        action: "session.refresh_refused",
        targetUserId: copied.userId,
        sessionId: copied.id,
        client: clientInfo(req.headers),
        details: { reason: "cookie_only" },
      });
    if (await returnToOwnSession()) return seeOther(next, serverTiming);
    await clearCredentialCookies();
    return seeOther(`/login?next=${encodeURIComponent(next)}`, serverTiming);
  }
  await setEdgeCookie(edgeClaimsOf(session), { bound: session.bound });
  return seeOther(next, serverTiming);
}

// A relative Location keeps the browser on the host it used: behind a proxy (or
// on 127.0.0.1 vs localhost) the server's idea of its own URL may differ, and the
// cookies would not follow.
function seeOther(path: string, serverTiming: string): Response {
  return new Response(null, {
    status: 303,
    headers: { ...NO_STORE, location: path, "server-timing": serverTiming },
  });
}
