// The balanced setup's HAProxy configuration (scripts/balanced.ts writes it), the
// one the README's "Behind a load balancer" shows, with test-sized timings.

export const INSTANCE_PORTS = [3201, 3202, 3203] as const;
export const BALANCER_PORT = 3210;
/** The balancer's name for each instance, as its X-Served-By response header says. */
export const INSTANCE_NAMES = ["a", "b", "c"] as const;

/**
 * Health check every CHECK_INTERVAL_MS; FALL failures in a row take an instance
 * out. A check may take CHECK_TIMEOUT_MS: on a loaded 2-core machine a busy
 * instance's readiness took over a second, and a 1 s bound with a fall of 2 took
 * healthy instances out (all of them, once).
 */
export const CHECK_INTERVAL_MS = 250;
export const FALL = 3;
export const CHECK_TIMEOUT_MS = 2000;
/**
 * What the instances are started with: longer than the balancer can take to see
 * a draining instance fail (a check begun before the signal that passes late,
 * then FALL quick failures).
 */
export const DRAIN_SECONDS = 3.5;

export function balancerConfig(): string {
  const servers = INSTANCE_PORTS.map(
    (port, i) => `  server ${INSTANCE_NAMES[i]} 127.0.0.1:${port} check`,
  ).join("\n");
  return `global
  maxconn 1000

defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  timeout check ${CHECK_TIMEOUT_MS}ms
  # The client's address goes to the instances as the last X-Forwarded-For entry
  # (TRUSTED_IP_HEADER=x-forwarded-for uses the rightmost one).
  option forwardfor
  # Only a connection that failed is retried, on another instance: the request never
  # reached a server. A request that may have reached one (a POST) is never replayed.
  retries 3
  retry-on conn-failure
  option redispatch 1

frontend app
  bind 127.0.0.1:${BALANCER_PORT}
  default_backend instances

backend instances
  option log-health-checks
  balance roundrobin
  option httpchk GET /api/health/ready
  http-check expect status 200
  default-server inter ${CHECK_INTERVAL_MS} fall ${FALL} rise 2
  # For the tests only: which instance answered.
  http-response set-header X-Served-By %s
${servers}
`;
}
