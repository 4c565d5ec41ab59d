// Our own spans, through @opentelemetry/api only. The API is a no-op until a
// tracer provider is registered (./sdk.ts, started by instrumentation.ts only
// when an OTLP endpoint is set), so without one a span here costs a couple of
// function calls and no allocation worth measuring.
//
// What a span may carry is fixed here: a name from SPAN_NAMES and attributes
// from a closed list of words (an operation, an outcome). Never an email, a
// token, a cookie, a password, a session or user id, a URL or an error message:
// an exported trace leaves this process for whoever runs the collector.
import { type Span, SpanStatusCode, trace } from "@opentelemetry/api";

export const TRACER_NAME = "hybrid-auth-next";

export const SPAN_NAMES = {
  sessionCheck: "auth.session_check",
  passwordHash: "auth.password_hash",
  revocationFeed: "sessions.revocation_feed",
  mailSend: "mail.send",
} as const;

export type SpanName = (typeof SPAN_NAMES)[keyof typeof SPAN_NAMES];

/** Bounded words only; the type keeps free text (ids, addresses, messages) out. */
export type SpanAttributes = Record<`app.${string}`, "hash" | "verify" | Outcome | undefined>;
export type Outcome =
  | "none"
  | "valid"
  | "invalid"
  | "unbound"
  | "ok"
  | "busy"
  | "denied"
  | "bad_request"
  | "sent"
  | "retry"
  | "failed";

/**
 * Runs `fn` inside a span named `name`, a child of whatever span is current
 * (Next's request span, when Next traces). `outcome` turns the result into one
 * word. A throw marks the span an error with the error's class name only: a
 * message may quote a query, an address or a token.
 */
export async function traced<T>(
  name: SpanName,
  fn: () => Promise<T>,
  outcome?: (result: T) => Outcome,
  attributes: SpanAttributes = {},
): Promise<T> {
  return trace.getTracer(TRACER_NAME).startActiveSpan(name, { attributes }, async (span: Span) => {
    try {
      const result = await fn();
      if (outcome && span.isRecording()) span.setAttribute("app.outcome", outcome(result));
      return result;
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.setAttribute("error.type", err instanceof Error ? err.constructor.name : "thrown");
      throw err;
    } finally {
      span.end();
    }
  });
}
