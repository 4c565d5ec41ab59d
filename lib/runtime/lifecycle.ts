// The server process's own state that readiness and liveness report: whether it
// is shutting down and how many requests are in flight. Written by our server
// (lib/server/serve.ts), read by the health routes inside Next's bundle, which
// has its own copy of this module: hence globalThis under a registered symbol.

type Lifecycle = { shuttingDownSince: number | null; inFlight: number; onShutdown?: Set<() => void> };

const KEY = Symbol.for("hybrid-auth.lifecycle");
const shared = globalThis as typeof globalThis & { [KEY]?: Lifecycle };
shared[KEY] ??= { shuttingDownSince: null, inFlight: 0 };
const state = shared[KEY];

export function beginShutdown(now = Date.now()): void {
  if (state.shuttingDownSince !== null) return;
  state.shuttingDownSince = now;
  for (const listener of state.onShutdown ?? []) listener();
}

/** Runs `listener` when the shutdown begins (e.g. to answer requests held open). */
export function onShutdown(listener: () => void): void {
  state.onShutdown ??= new Set();
  state.onShutdown.add(listener);
}

/** When the shutdown began (ms since the epoch), or null while serving. */
export function shuttingDownSince(): number | null {
  return state.shuttingDownSince;
}

/** Counts a request from its arrival until its response has finished or its connection closed. */
export function trackRequest(res: { once(event: "close", listener: () => void): unknown }): void {
  state.inFlight++;
  res.once("close", () => {
    state.inFlight--;
  });
}

export function requestsInFlight(): number {
  return state.inFlight;
}
