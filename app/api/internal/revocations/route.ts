// Read by middleware (every app process, about once a second): the sessions
// revoked within the last edge-token TTL. Not public: the caller proves it
// knows AUTH_SECRET with a key derived from it.
import { FEED_KEY_HEADER } from "@/lib/edge/revocations";
import { isFeedCaller, revokedSince } from "@/lib/sessions/revocation-feed";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  if (!(await isFeedCaller(req.headers.get(FEED_KEY_HEADER)))) {
    return Response.json({ error: "Not found." }, { status: 404 });
  }
  const since = Number(new URL(req.url).searchParams.get("since") ?? 0);
  const started = performance.now();
  const body = await revokedSince(Number.isFinite(since) ? since : 0);
  return Response.json(body, {
    headers: {
      "cache-control": "no-store",
      "server-timing": `db;dur=${(performance.now() - started).toFixed(1)};desc="revocations"`,
    },
  });
}
