// Where middleware sends a browser whose edge token expired but which still has
// a session cookie: check the database session, mint a new edge token, go back.
// Several tabs may arrive at once; each just gets a fresh token, none is signed out.
// While the database is down: a 503 page, and both cookies stay as they are.
// An administrator whose session as a user ended (the user revoked it, its hour
// ran out) is put back in their own session here instead of going to /login.
import { clearCredentialCookies, setEdgeCookie } from "@/lib/auth/credentials";
import { edgeClaimsOf, timedSession } from "@/lib/auth/current";
import { safeNextPath } from "@/lib/auth/forms";
import { isOutage, unavailableHtml } from "@/lib/http/unavailable";
import { returnToOwnSession } from "@/lib/impersonation/return";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const next = safeNextPath(new URL(req.url).searchParams.get("next"));
  let checked: Awaited<ReturnType<typeof timedSession>>;
  try {
    checked = await timedSession();
  } catch (err) {
    if (isOutage(err)) return unavailableHtml();
    throw err;
  }
  const { session, serverTiming } = checked;
  if (!session) {
    let restored: boolean;
    try {
      restored = await returnToOwnSession();
    } catch (err) {
      if (isOutage(err)) return unavailableHtml();
      throw err;
    }
    if (restored) return seeOther(next, serverTiming);
    await clearCredentialCookies();
    return seeOther(`/login?next=${encodeURIComponent(next)}`, serverTiming);
  }
  await setEdgeCookie(edgeClaimsOf(session));
  return seeOther(next, serverTiming);
}

// A relative Location keeps the browser on the host it used: behind a proxy (or
// on 127.0.0.1 vs localhost) the server's idea of its own URL may differ, and the
// cookies would not follow.
function seeOther(path: string, serverTiming: string): Response {
  return new Response(null, {
    status: 303,
    headers: { location: path, "cache-control": "no-store", "server-timing": serverTiming },
  });
}
