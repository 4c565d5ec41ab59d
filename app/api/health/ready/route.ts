// Readiness for load balancers and orchestrators: 200 while this instance should
// get traffic, 503 otherwise (database down, migrations behind, revocation feed
// silent, shutting down).
import { FEED_SYNCED_AT_HEADER } from "@/lib/edge/revocations";
import { readiness } from "@/lib/health/checks";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const report = await readiness(req.headers.get(FEED_SYNCED_AT_HEADER));
  return Response.json(report, {
    status: report.status === "pass" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
