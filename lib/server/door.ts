// Turns away a plain (no-JavaScript) sign-in or sign-up form post while password
// hashing is saturated, before Next renders anything: the browser gets a small
// page and Retry-After instead of a request that queues behind bcrypt. Posts
// made by the page's JavaScript carry `next-action` and get the same answer from
// the action itself, inside the form.
import type { IncomingMessage, ServerResponse } from "node:http";

const DOORS = new Set(["/login", "/signup"]);
export const RETRY_AFTER_SECONDS = 5;

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Try again in a moment</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">
<h1>Too many sign-ins right now. Try again in a moment.</h1>
<p>Go back and send the form again in a few seconds.</p></body></html>`;

function isPlainFormPost(req: IncomingMessage): boolean {
  if (req.method !== "POST" || req.headers["next-action"] !== undefined) return false;
  const pathname = new URL(req.url ?? "/", "http://x").pathname;
  return DOORS.has(pathname);
}

/** True when it answered the request. */
export function refuseWhenBusy(req: IncomingMessage, res: ServerResponse, busy: () => boolean): boolean {
  if (!isPlainFormPost(req) || !busy()) return false;
  res.writeHead(503, {
    "content-type": "text/html; charset=utf-8",
    "retry-after": String(RETRY_AFTER_SECONDS),
    "cache-control": "no-store",
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
  });
  res.end(PAGE);
  return true;
}
