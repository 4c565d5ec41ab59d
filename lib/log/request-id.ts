// The request id: the one a proxy in front of us sent in X-Request-Id, so its
// lines and ours can be matched, when that is a short plain token; a new one
// otherwise (a header is client input, and it lands in every line of the request).
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

const HEADER = "x-request-id";
const SAFE_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function requestIdFor(incoming: string | string[] | undefined): string {
  return typeof incoming === "string" && SAFE_ID.test(incoming) ? incoming : randomUUID();
}

/** Chooses the id, puts it on the response, and hands Next the same one in place of what the client sent. */
export function stampRequestId(req: IncomingMessage, res: ServerResponse): string {
  const id = requestIdFor(req.headers[HEADER]);
  req.headers[HEADER] = id;
  res.setHeader(HEADER, id);
  return id;
}
