// The OpenTelemetry SDK: a tracer provider that batches spans and sends them
// as OTLP/HTTP (JSON) to OTEL_EXPORTER_OTLP_ENDPOINT (+ /v1/traces) or
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT. Loaded only by instrumentation.ts, only
// in the Node.js runtime and only when an endpoint is set: nothing imports this
// module otherwise, so a server without an endpoint never loads the SDK.
// Once registered, Next's own spans (the request, the route, the render) come
// through the same provider, and ours (./spans.ts) become their children.
import { context, DiagLogLevel, diag, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from "@opentelemetry/resources";
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  type Sampler,
  type SpanExporter,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { logger } from "@/lib/log/logger";
import { scrubSpan } from "./scrub";
import { tracingSettings } from "./settings";
import { keepProvider } from "./shutdown";

/** Every span passes ./scrub.ts on its way out, Next's included. */
function scrubbing(exporter: SpanExporter): SpanExporter {
  return {
    export: (spans, done) => exporter.export(spans.map(scrubSpan), done),
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}

export function startTracing(env: NodeJS.ProcessEnv = process.env): void {
  const s = tracingSettings(env);
  // The SDK reports a failed export through diag, silent by default: one warning line each, no payload.
  diag.setLogger(
    {
      error: (message) => logger().warn({ event: "telemetry.export_problem" }, String(message).slice(0, 200)),
      warn: (message) => logger().warn({ event: "telemetry.export_problem" }, String(message).slice(0, 200)),
      info: () => {},
      debug: () => {},
      verbose: () => {},
    },
    DiagLogLevel.WARN,
  );
  const root: Sampler =
    s.OTEL_TRACES_SAMPLER === "parentbased_traceidratio"
      ? new TraceIdRatioBasedSampler(s.OTEL_TRACES_SAMPLER_ARG)
      : new TraceIdRatioBasedSampler(1);
  const provider = new TracerProvider({
    // OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME (envDetector) over our default name.
    resource: defaultResource()
      .merge(resourceFromAttributes({ "service.name": s.OTEL_SERVICE_NAME }))
      .merge(detectResources({ detectors: [envDetector] })),
    sampler: new ParentBasedSampler({ root }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: scrubbing(new OTLPTraceExporter()),
        scheduledDelayMillis: s.OTEL_BSP_SCHEDULE_DELAY,
      }),
    ],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  // A traceparent from a proxy in front continues its trace.
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  keepProvider(provider);
}
