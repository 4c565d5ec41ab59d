import { describe, expect, it } from "vitest";
import { TracingConfigError, tracingSettings } from "./settings";

const refusal = (env: Record<string, string>) => {
  try {
    tracingSettings(env);
  } catch (err) {
    expect(err).toBeInstanceOf(TracingConfigError);
    return (err as Error).message;
  }
  throw new Error("accepted");
};

describe("tracingSettings", () => {
  it("names the variable that is wrong, and what it takes", () => {
    expect(refusal({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "ftp://collector/v1/traces" })).toBe(
      "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an http(s) URL",
    );
    expect(refusal({ OTEL_TRACES_SAMPLER_ARG: "1.5" })).toBe(
      "OTEL_TRACES_SAMPLER_ARG is a ratio from 0 to 1",
    );
    expect(refusal({ OTEL_TRACES_SAMPLER_ARG: "half" })).toBe(
      "OTEL_TRACES_SAMPLER_ARG is a ratio from 0 to 1",
    );
    expect(refusal({ OTEL_BSP_SCHEDULE_DELAY: "5s" })).toBe(
      "OTEL_BSP_SCHEDULE_DELAY is a number of milliseconds",
    );
  });

  it("takes empty values as unset and fills the defaults", () => {
    expect(
      tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: "https://collector:4318", OTEL_TRACES_SAMPLER: " " }),
    ).toMatchObject({
      OTEL_TRACES_SAMPLER: "parentbased_always_on",
      OTEL_TRACES_SAMPLER_ARG: 1,
      OTEL_BSP_SCHEDULE_DELAY: 5000,
    });
  });
});
