// Next calls register() once per server process and runtime. Tracing starts only
// in the Node.js runtime and only when an OTLP endpoint is set: otherwise the
// SDK is never imported and our spans (lib/telemetry/spans.ts) stay the API's
// no-ops. Edge middleware is not traced: the edge runtime cannot load the Node
// SDK, and its work (decrypting a token, a set lookup) is visible as the
// duration of Next's request span around it.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { tracingWanted } = await import("./lib/telemetry/wanted");
  if (!tracingWanted()) return;
  const { startTracing } = await import("./lib/telemetry/sdk");
  startTracing();
}
