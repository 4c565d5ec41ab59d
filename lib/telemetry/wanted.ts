// Whether to trace, decided without loading anything of the SDK.

/** True when traces are to be exported: an endpoint is set and the SDK is not switched off (OTEL_SDK_DISABLED). */
export function tracingWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === "true") return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}
