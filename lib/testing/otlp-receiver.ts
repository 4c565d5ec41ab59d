// A real OTLP/HTTP trace receiver for tests: POST /v1/traces with the JSON
// encoding (what @opentelemetry/exporter-trace-otlp-http sends), answered as a
// collector answers. Keeps every body as received, for searching secrets in, and
// the spans flattened, for asserting names and parents.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";

const anyValue = z
  .object({ stringValue: z.string(), intValue: z.union([z.string(), z.number()]), boolValue: z.boolean() })
  .partial();
const attributes = z.array(z.object({ key: z.string(), value: anyValue })).default([]);
const exportRequest = z.object({
  resourceSpans: z.array(
    z.object({
      resource: z.object({ attributes }).optional(),
      scopeSpans: z.array(
        z.object({
          scope: z.object({ name: z.string() }).optional(),
          spans: z.array(
            z.object({
              traceId: z.string(),
              spanId: z.string(),
              parentSpanId: z.string().optional(),
              name: z.string(),
              attributes,
              status: z.object({ code: z.number().optional(), message: z.string().optional() }).optional(),
            }),
          ),
        }),
      ),
    }),
  ),
});

export type ReceivedSpan = {
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  scope: string;
  service: string;
  attributes: Record<string, string | number | boolean | undefined>;
};

export type OtlpReceiver = {
  /** What to give OTEL_EXPORTER_OTLP_ENDPOINT (the exporter adds /v1/traces). */
  endpoint: string;
  spans: () => ReceivedSpan[];
  /** Every request body as it arrived, and requests to paths other than /v1/traces. */
  bodies: () => string[];
  requests: () => number;
  stop: () => Promise<void>;
};

function flatten(attrs: z.infer<typeof attributes>): ReceivedSpan["attributes"] {
  return Object.fromEntries(
    attrs.map(({ key, value }) => [key, value.stringValue ?? value.intValue ?? value.boolValue]),
  );
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const bodies: string[] = [];
  const spans: ReceivedSpan[] = [];
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      bodies.push(body);
      if (req.method !== "POST" || req.url !== "/v1/traces") {
        res.writeHead(404).end();
        return;
      }
      const parsed = exportRequest.safeParse(JSON.parse(body));
      if (!parsed.success) {
        res.writeHead(400, { "content-type": "application/json" }).end("{}");
        return;
      }
      for (const rs of parsed.data.resourceSpans) {
        const service = String(flatten(rs.resource?.attributes ?? [])["service.name"] ?? "");
        for (const ss of rs.scopeSpans)
          for (const s of ss.spans)
            spans.push({
              traceId: s.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId ?? "",
              name: s.name,
              scope: ss.scope?.name ?? "",
              service,
              attributes: flatten(s.attributes),
            });
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans: () => [...spans],
    bodies: () => [...bodies],
    requests: () => requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
