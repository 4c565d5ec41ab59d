import { SpanStatusCode, trace } from "@opentelemetry/api";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { afterAll, describe, expect, it } from "vitest";
import { scrubName, scrubSpan } from "./scrub";
import { SPAN_NAMES, traced } from "./spans";

const exported = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: exported })] });
afterAll(() => provider.shutdown());

/** A span as Next makes one for a request (base-server.js) and for a fetch (patch-fetch.js). */
function nextSpans() {
  const tracer = provider.getTracer("next.js");
  const request = tracer.startSpan("GET /verify-email", {
    attributes: {
      "http.method": "GET",
      "http.target": "/verify-email?token=SECRET-LINK-TOKEN",
      "http.route": "/verify-email",
      "next.route": "/verify-email",
    },
  });
  request.recordException(new Error("failed for alice@example.com"));
  request.setStatus({ code: SpanStatusCode.ERROR, message: "failed for alice@example.com" });
  request.end();
  const fetch = tracer.startSpan("fetch GET https://api.pwnedpasswords.com/range/ABCDE?x=1", {
    attributes: {
      "http.url": "https://api.pwnedpasswords.com/range/ABCDE?x=1",
      "net.peer.name": "api.pwnedpasswords.com",
    },
  });
  fetch.end();
  const session = tracer.startSpan("DELETE /api/v1/sessions/[id]", {
    attributes: { "http.target": "/api/v1/sessions/cm123sessionid", "http.route": "/api/v1/sessions/[id]" },
  });
  session.end();
  return exported.getFinishedSpans().slice(-3);
}

describe("scrubbing exported spans", () => {
  it("keeps the route pattern, the origin and the error's type; drops queries, ids, URLs' paths and messages", () => {
    const [request, fetch, session] = nextSpans().map(scrubSpan);
    expect(request?.attributes).toEqual({
      "http.method": "GET",
      "http.target": "/verify-email",
      "http.route": "/verify-email",
      "next.route": "/verify-email",
    });
    expect(request?.status).toEqual({ code: SpanStatusCode.ERROR });
    expect(request?.events[0]?.attributes).toEqual({ "exception.type": "Error" });
    expect(fetch?.name).toBe("fetch GET https://api.pwnedpasswords.com");
    expect(fetch?.attributes["http.url"]).toBe("https://api.pwnedpasswords.com");
    expect(session?.attributes["http.target"]).toBe("/api/v1/sessions/[id]");
    // Still a span: the exporter reads its context through the original's methods.
    expect(request?.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
    const all = JSON.stringify(
      [request, fetch, session].map((s) => [s?.name, s?.attributes, s?.events, s?.status]),
    );
    for (const secret of ["SECRET-LINK-TOKEN", "ABCDE", "alice@example.com", "cm123sessionid"])
      expect(all).not.toContain(secret);
  });

  it("cuts a query from any span name", () => {
    expect(scrubName("GET /not-me?token=abc")).toBe("GET /not-me");
    expect(scrubName("auth.session_check")).toBe("auth.session_check");
  });
});

describe("our spans", () => {
  it("are no-ops without a registered provider", async () => {
    trace.disable();
    let recording: boolean | undefined;
    await traced(SPAN_NAMES.sessionCheck, async () => {
      recording = trace.getActiveSpan()?.isRecording();
    });
    expect(recording).toBeFalsy();
  });

  it("carry a name, one outcome word and, on a throw, the error's class only", async () => {
    trace.setGlobalTracerProvider(provider);
    try {
      await traced(
        SPAN_NAMES.revocationFeed,
        async () => 404,
        () => "denied",
      );
      await expect(
        traced(SPAN_NAMES.mailSend, async () => {
          throw new TypeError("smtp://user:pw@host refused bob@example.com");
        }),
      ).rejects.toThrow(TypeError);
    } finally {
      trace.disable();
    }
    const [feed, mail] = exported.getFinishedSpans().slice(-2);
    expect([feed?.name, feed?.attributes]).toEqual(["sessions.revocation_feed", { "app.outcome": "denied" }]);
    expect([mail?.name, mail?.attributes, mail?.status]).toEqual([
      "mail.send",
      { "error.type": "TypeError" },
      { code: SpanStatusCode.ERROR },
    ]);
  });
});
