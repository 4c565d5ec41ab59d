// Where middleware sends a browser whose edge token expired but which still has
// a session cookie: check the database session, mint a new edge token, go back.
// Several tabs may arrive at once; each just gets a fresh token, none is signed out.
import { clearCredentialCookies, setEdgeCookie } from "@/lib/auth/credentials";
import { edgeClaimsOf, timedSession } from "@/lib/auth/current";
import { safeNextPath } from "@/lib/auth/forms";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const next = safeNextPath(new URL(req.url).searchParams.get("next"));
  const { session, serverTiming } = await timedSession();
  if (!session) {
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
