// prom-client's default collectors one by one (its own files; the package ships no types for them).
declare module "prom-client/lib/metrics/*" {
  import type { Registry } from "prom-client";

  const collector: (registry: Registry, config: { eventLoopMonitoringPrecision?: number }) => void;
  export default collector;
}
