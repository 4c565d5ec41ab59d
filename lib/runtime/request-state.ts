// Per-request state our server (lib/server/serve.ts) keeps around Next, reachable
// from code that runs inside Next's bundle: the custom-server API runs both in one
// process, but the bundle has its own copies of our modules, so the store lives
// on globalThis under a registered symbol rather than in a module variable.
import { AsyncLocalStorage } from "node:async_hooks";

export type RequestState = {
  /** Our server's id for this request (lib/log/request-id.ts), on every log line written during it. */
  requestId?: string;
  /** A database call on this request failed because the database could not be reached. */
  databaseUnavailable: boolean;
  /** Headers the app asks our server to add to this response (lib/dbsc: the registration offer). */
  extraHeaders?: Record<string, string>;
};

const KEY = Symbol.for("hybrid-auth.request-state");
const shared = globalThis as typeof globalThis & { [KEY]?: AsyncLocalStorage<RequestState> };
shared[KEY] ??= new AsyncLocalStorage<RequestState>();
const storage = shared[KEY];

export function runWithRequestState<T>(state: RequestState, fn: () => T): T {
  return storage.run(state, fn);
}

/**
 * Turns this request's 500 into a 503 with Retry-After (our server does it when
 * the head is written). A no-op outside our server (plain `next start`, tests).
 */
export function markDatabaseUnavailable(): void {
  const state = storage.getStore();
  if (state) state.databaseUnavailable = true;
}

/** This request's id, or undefined outside a request our server handles (a timer, a script, plain `next start`). */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Whether our server is around this request, so addResponseHeaders will reach the browser. */
export function canAddResponseHeaders(): boolean {
  return storage.getStore() !== undefined;
}

/**
 * Headers for this request's response, written by our server with its head: for
 * responses Next gives us no way to add headers to (a server action's, Auth.js's).
 */
export function addResponseHeaders(headers: Record<string, string>): void {
  const state = storage.getStore();
  if (state) state.extraHeaders = { ...state.extraHeaders, ...headers };
}
