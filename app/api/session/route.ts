// The signed-in user's session as the database sees it now: for scripts and
// clients that need more than the edge token says. Never includes the token.
import { timedSession } from "@/lib/auth/current";
import { withOutageAnswer } from "@/lib/http/unavailable";

export const dynamic = "force-dynamic";

export const GET = withOutageAnswer(async () => {
  const { session, serverTiming } = await timedSession();
  const headers = { "cache-control": "no-store", "server-timing": serverTiming };
  if (!session) return Response.json({ error: "Not signed in." }, { status: 401, headers });
  return Response.json(session, { headers });
});
