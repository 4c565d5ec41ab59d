// The answers of route handlers while the database cannot be reached: 503 with
// Retry-After, and words, never a stack trace or a driver message.
import { asOutage, DatabaseUnavailableError } from "@/lib/db/unavailable";
import { RETRY_AFTER_SECONDS } from "@/lib/ui/unavailable";

const headers = { "cache-control": "no-store", "retry-after": String(RETRY_AFTER_SECONDS) };

/**
 * Wraps a route handler so that an outage, wherever in it the database fails,
 * gets `answer` and the request is marked as one; other errors go on to be a 500.
 */
export function withOutageAnswer<Args extends unknown[]>(
  handler: (...args: Args) => Promise<Response>,
  answer: () => Response = unavailableJson,
): (...args: Args) => Promise<Response> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (err) {
      if (asOutage(err) instanceof DatabaseUnavailableError) return answer();
      throw err;
    }
  };
}

/** API routes: JSON that a script can act on. */
export function unavailableJson(): Response {
  return Response.json(
    { error: "The service is briefly unavailable. Try again in a minute." },
    { status: 503, headers },
  );
}

/** Routes a browser navigates to (e.g. the edge token refresh): a page, like the app's own 503 page. */
export function unavailableHtml(): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Briefly unavailable</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">
<h1>The service is briefly unavailable</h1>
<p>We can't reach our database right now. You are still signed in: nothing was lost.</p>
<p>Try again in a minute; this page does not need to be reloaded more often than that.</p>
<p><a href="">Try again</a></p></body></html>`;
  return new Response(html, {
    status: 503,
    headers: { ...headers, "content-type": "text/html; charset=utf-8" },
  });
}
