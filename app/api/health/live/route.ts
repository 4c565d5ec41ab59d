// Liveness for orchestrators: the process answers. No database involved.
import { liveness } from "@/lib/health/checks";

export const dynamic = "force-dynamic";

export function GET() {
  return Response.json(liveness(), { headers: { "cache-control": "no-store" } });
}
