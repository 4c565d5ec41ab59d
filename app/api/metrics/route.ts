// Prometheus scrapes this (README: Operations, Metrics). Only an operator may
// read it: see lib/metrics/access.ts.
import { hashQueueSize } from "@/lib/auth/hash-pool";
import { checkDatabase } from "@/lib/health/checks";
import { metricsResponse } from "@/lib/metrics/endpoint";
import { countActiveSessions } from "@/lib/sessions/store";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  return metricsResponse(req, {
    databaseUp: async () => (await checkDatabase()).status === "pass",
    activeSessions: countActiveSessions,
    hashQueueDepth: hashQueueSize,
  });
}
