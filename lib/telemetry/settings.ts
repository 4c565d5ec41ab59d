// The OTEL_* settings the app reads itself, checked without loading the SDK: `npm start`
// checks them before serving (a typo is one line naming the variable, not a stack
// trace from inside Next's instrumentation hook), and the SDK reads them the same way.
import { z } from "zod";
import { TRACER_NAME } from "./spans";

export class TracingConfigError extends Error {}

const unset = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const otlpUrl = (name: string) =>
  z.preprocess(unset, z.url({ protocol: /^https?$/, error: `${name} must be an http(s) URL` }).optional());

const RATIO = "OTEL_TRACES_SAMPLER_ARG is a ratio from 0 to 1";
const DELAY = "OTEL_BSP_SCHEDULE_DELAY is a number of milliseconds";

/** The exporter reads the endpoints itself; they are checked here because it would only log a bad one per export. */
const schema = z.object({
  OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl("OTEL_EXPORTER_OTLP_ENDPOINT"),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: otlpUrl("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"),
  OTEL_SERVICE_NAME: z.preprocess(unset, z.string().default(TRACER_NAME)),
  OTEL_TRACES_SAMPLER: z.preprocess(
    unset,
    z
      .enum(
        ["parentbased_always_on", "parentbased_traceidratio"],
        "OTEL_TRACES_SAMPLER must be parentbased_always_on or parentbased_traceidratio",
      )
      .default("parentbased_always_on"),
  ),
  OTEL_TRACES_SAMPLER_ARG: z.preprocess(unset, z.coerce.number(RATIO).min(0, RATIO).max(1, RATIO).default(1)),
  OTEL_BSP_SCHEDULE_DELAY: z.preprocess(
    unset,
    z.coerce.number(DELAY).int(DELAY).positive(DELAY).default(5000),
  ),
});

export type TracingSettings = z.infer<typeof schema>;

export function tracingSettings(env: Record<string, string | undefined> = process.env): TracingSettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success)
    throw new TracingConfigError(parsed.error.issues[0]?.message ?? "invalid OTEL_* setting");
  return parsed.data;
}
