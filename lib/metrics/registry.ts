// Every metric the app exports, in one registry per process. Our server (loaded
// through tsx) and Next's server bundle each get their own copy of this module,
// and both feed the same numbers, so the set lives on globalThis under a
// registered symbol and whichever copy loads first creates it.
//
// Label values are bounded by construction: methods, outcomes and causes come
// from the code's own fixed lists, routes from the build's route table. Never an
// email, id or address: a label value is a time series, kept for as long as the
// process runs.
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import eventLoopLag from "prom-client/lib/metrics/eventLoopLag.js";
import heapSizeAndUsed from "prom-client/lib/metrics/heapSizeAndUsed.js";
import heapSpacesSizeAndUsed from "prom-client/lib/metrics/heapSpacesSizeAndUsed.js";
import osMemoryHeap from "prom-client/lib/metrics/osMemoryHeap.js";
import processCpuTotal from "prom-client/lib/metrics/processCpuTotal.js";
import processHandles from "prom-client/lib/metrics/processHandles.js";
import processMaxFileDescriptors from "prom-client/lib/metrics/processMaxFileDescriptors.js";
import processOpenFileDescriptors from "prom-client/lib/metrics/processOpenFileDescriptors.js";
import processRequests from "prom-client/lib/metrics/processRequests.js";
import processResources from "prom-client/lib/metrics/processResources.js";
import processStartTime from "prom-client/lib/metrics/processStartTime.js";
import version from "prom-client/lib/metrics/version.js";

/**
 * prom-client's default collectors (collectDefaultMetrics) but its GC histogram,
 * which subscribes a PerformanceObserver to every garbage collection: with it,
 * page loads measured 4 to 7% slower side by side (prometheus/client_js#490 and
 * #500 report the same). The rest read the process when scraped, or sample the
 * event loop on a timer.
 */
const PROCESS_COLLECTORS = [
  processCpuTotal,
  processStartTime,
  osMemoryHeap,
  processOpenFileDescriptors,
  processMaxFileDescriptors,
  eventLoopLag,
  processResources,
  processHandles,
  processRequests,
  heapSizeAndUsed,
  heapSpacesSizeAndUsed,
  version,
];

function create() {
  const registry = new Registry();
  // Process metrics (CPU, memory, event-loop delay): bcrypt or a slow page shows up there first.
  for (const collect of PROCESS_COLLECTORS) collect(registry, { eventLoopMonitoringPrecision: 10 });
  const registers = [registry];
  return {
    registry,
    signIns: new Counter({
      name: "hybrid_auth_sign_ins_total",
      help: "Sign-in attempts that reached a verdict, by method and outcome (success, failure).",
      labelNames: ["method", "outcome"] as const,
      registers,
    }),
    lockouts: new Counter({
      name: "hybrid_auth_lockouts_total",
      help: "Accounts locked, by cause (failures: too many wrong passwords; admin: by an administrator).",
      labelNames: ["cause"] as const,
      registers,
    }),
    stepUps: new Counter({
      name: "hybrid_auth_step_ups_total",
      help: "Confirmations of identity for sensitive actions, by method and outcome.",
      labelNames: ["method", "outcome"] as const,
      registers,
    }),
    revocations: new Counter({
      name: "hybrid_auth_session_revocations_total",
      help: "Sessions ended, by cause (the reason recorded for the revocation feed; ended_all for the global cutoff).",
      labelNames: ["cause"] as const,
      registers,
    }),
    activeSessions: new Gauge({
      name: "hybrid_auth_active_sessions",
      help: "Sessions neither expired nor idle, counted at scrape time (all instances: it is the database's count).",
      registers,
    }),
    databaseUp: new Gauge({
      name: "hybrid_auth_database_up",
      help: "1 when the database answered a trivial query at scrape time within the health check's timeout, else 0.",
      registers,
    }),
    hashQueueDepth: new Gauge({
      name: "hybrid_auth_password_hash_queue_depth",
      help: "Password hashes waiting for a hashing thread at scrape time.",
      registers,
    }),
    hashWait: new Histogram({
      name: "hybrid_auth_password_hash_wait_seconds",
      help: "Time a password hash waited in the queue before a hashing thread took it.",
      buckets: [0.001, 0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    mailQueued: new Counter({
      name: "hybrid_auth_mail_queued_total",
      help: "Messages written to the outbox, by kind (the template).",
      labelNames: ["kind"] as const,
      registers,
    }),
    mailDeliveries: new Counter({
      name: "hybrid_auth_mail_deliveries_total",
      help: "Send attempts from the outbox, by outcome (sent, retry: failed and rescheduled, failed: given up).",
      labelNames: ["outcome"] as const,
      registers,
    }),
    feedAge: new Gauge({
      name: "hybrid_auth_revocation_feed_age_seconds",
      help: "Seconds since the edge last heard from the revocation feed, as middleware saw it on the scrape request.",
      registers,
    }),
    requestDuration: new Histogram({
      name: "hybrid_auth_http_request_duration_seconds",
      help: "Time from a request's arrival at our server to its response's last byte, by route pattern, method and status.",
      labelNames: ["route", "method", "status"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof create>;

const KEY = Symbol.for("hybrid-auth.metrics");
const shared = globalThis as typeof globalThis & { [KEY]?: Metrics };

export function metrics(): Metrics {
  shared[KEY] ??= create();
  return shared[KEY];
}
