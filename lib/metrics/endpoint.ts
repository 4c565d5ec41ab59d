// GET /api/metrics: the access rule, then the values only a scrape can read
// (counts in the database, the hashing queue, the edge's view of the revocation
// feed), then the registry in Prometheus's text format.
import { FEED_SYNCED_AT_HEADER } from "@/lib/edge/revocations";
import { type AccessRule, metricsAccess } from "./access";
import { metrics } from "./registry";

/**
 * Readers from the layers above this one (the route hands them in: the session
 * store and the hashing pool count their own revocations and waits through this
 * folder, so it cannot import them back).
 */
export type Readings = {
  databaseUp: () => Promise<boolean>;
  activeSessions: () => Promise<number>;
  hashQueueDepth: () => number;
};

const NO_STORE = { "cache-control": "no-store" };

/** `rule` defaults to the configuration (METRICS_TOKEN, TRUSTED_IP_HEADER) and our server's peer header. */
export async function metricsResponse(
  req: Request,
  readings: Readings,
  rule: AccessRule = {},
): Promise<Response> {
  const access = metricsAccess(req.headers, rule);
  if (access === "unauthorized")
    return new Response("Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.\n", {
      status: 401,
      headers: { ...NO_STORE, "www-authenticate": 'Bearer realm="metrics"' },
    });
  if (access === "forbidden")
    return new Response(
      "Metrics are served to this machine only; set METRICS_TOKEN to scrape from elsewhere.\n",
      {
        status: 403,
        headers: NO_STORE,
      },
    );
  const m = metrics();
  const up = await readings.databaseUp();
  m.databaseUp.set(up ? 1 : 0);
  // While the database is down the last count stands; database_up says why it does not move.
  const sessions = up ? await readings.activeSessions().catch(() => null) : null;
  if (sessions !== null) m.activeSessions.set(sessions);
  m.hashQueueDepth.set(readings.hashQueueDepth());
  const syncedAt = req.headers.get(FEED_SYNCED_AT_HEADER);
  // Middleware asked the feed just now: "never" means it still could not reach it.
  if (syncedAt)
    m.feedAge.set(syncedAt === "never" ? Infinity : Math.max(0, Date.now() - Number(syncedAt)) / 1000);
  return new Response(await m.registry.metrics(), {
    headers: { ...NO_STORE, "content-type": m.registry.contentType },
  });
}
