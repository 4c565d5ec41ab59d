// The signed-in user's session as the database sees it now: for scripts and
// clients that need more than the edge token says. Never includes the token.
import { timedSession } from "@/lib/auth/current";
import { isOutage, unavailableJson } from "@/lib/http/unavailable";

export const dynamic = "force-dynamic";

export async function GET() {
  let checked: Awaited<ReturnType<typeof timedSession>>;
  try {
    checked = await timedSession();
  } catch (err) {
    if (isOutage(err)) return unavailableJson();
    throw err;
  }
  const { session, serverTiming } = checked;
  const headers = { "cache-control": "no-store", "server-timing": serverTiming };
  if (!session) return Response.json({ error: "Not signed in." }, { status: 401, headers });
  return Response.json(session, { headers });
}
