// What leaves in an exported span, whoever made it. Our spans carry only fixed
// words (./spans.ts), but Next's own carry the request as it came: `http.target`
// is the path with its query (`/verify-email?token=…`, `/not-me?token=…`, a
// session id in `/api/v1/sessions/<id>`), a fetch span is named and labelled
// with the URL it fetched (the password check's range look-up, a provider's
// endpoints), and an error becomes a status message and an event with the
// message and stack. So every span is rewritten on its way to the exporter:
// paths give way to the route pattern, URLs to their origin, queries are cut,
// and an error keeps its type only.
import type { Attributes } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace";

/** `https://host:port` of a URL, or nothing when it is not one. */
function originOf(value: string): string | undefined {
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}

const cutQuery = (value: string) => value.split("?", 1)[0] as string;

export function scrubName(name: string): string {
  // Next's fetch spans: "fetch GET https://host/path?query".
  const fetch = /^fetch (\S+) (\S+)/.exec(name);
  if (fetch) return `fetch ${fetch[1]} ${originOf(fetch[2] as string) ?? "other"}`;
  return cutQuery(name);
}

export function scrubAttributes(attributes: Attributes): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "http.target" || key === "url.path" || key === "url.query") continue;
    if (key.startsWith("exception.") && key !== "exception.type") continue;
    if (key === "http.url" || key === "url.full") {
      const origin = typeof value === "string" ? originOf(value) : undefined;
      if (origin) out[key] = origin;
      continue;
    }
    out[key] = typeof value === "string" ? cutQuery(value) : value;
  }
  // The request's route pattern says where it went without the ids in its path.
  if ("http.target" in attributes && typeof attributes["http.route"] === "string")
    out["http.target"] = attributes["http.route"];
  return out;
}

/** The span as exported: a view over the original (its methods, e.g. spanContext(), still answer). */
export function scrubSpan(span: ReadableSpan): ReadableSpan {
  return Object.create(span, {
    name: { value: scrubName(span.name) },
    attributes: { value: scrubAttributes(span.attributes) },
    status: { value: { code: span.status.code } },
    events: {
      value: span.events.map((e) => ({ ...e, attributes: e.attributes && scrubAttributes(e.attributes) })),
    },
    links: {
      value: span.links.map((l) => ({ ...l, attributes: l.attributes && scrubAttributes(l.attributes) })),
    },
  }) as ReadableSpan;
}
