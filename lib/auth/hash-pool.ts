// bcrypt on worker threads, with a bounded queue. A sign-in costs a few hundred
// milliseconds of CPU by design; on the request thread a handful of them a
// second starve every page. Workers run at a lower priority (nice), so pages
// keep the CPU they need while sign-ins take what is left. When the queue is
// full the caller is told at once instead of waiting without end.
import { availableParallelism } from "node:os";
import path from "node:path";
import Piscina from "piscina";
import { config } from "@/lib/config/env";
import { observeHashWait } from "@/lib/metrics/events";
import { SPAN_NAMES, traced } from "@/lib/telemetry/spans";

export class HashingBusyError extends Error {
  constructor() {
    super("Too many password checks are queued.");
  }
}

type Task = { password: string; hash?: string; cost?: number };
/** The worker's answer, and when it began the task (lib/auth/hash-worker.mjs). */
type Done = { result: string | boolean; startedAt: number };

// One pool per process, even when this module is loaded twice (by our server
// through tsx and by Next's server bundle).
const POOL = Symbol.for("hybrid-auth.hash-pool");
const shared = globalThis as typeof globalThis & { [POOL]?: Piscina<Task, Done> };

function pool(): Piscina<Task, Done> {
  if (shared[POOL]) return shared[POOL];
  const c = config();
  const threads = c.PASSWORD_HASH_THREADS ?? availableParallelism();
  shared[POOL] = new Piscina<Task, Done>({
    // Resolved from the project folder: Next's bundle has no stable path of its own.
    filename: path.join(process.cwd(), "lib/auth/hash-worker.mjs"),
    minThreads: 1,
    maxThreads: threads,
    maxQueue: c.PASSWORD_HASH_QUEUE ?? threads * 8,
    niceIncrement: 10,
    idleTimeout: 60_000,
  });
  return shared[POOL];
}

/** The span covers the wait for a thread and the hash itself; it says which of the two operations, nothing of the task. */
function run(task: Task): Promise<string | boolean> {
  return traced(SPAN_NAMES.passwordHash, () => runOnPool(task), undefined, {
    "app.operation": task.hash === undefined ? "hash" : "verify",
  });
}

async function runOnPool(task: Task): Promise<string | boolean> {
  const p = pool();
  if (hashingBusy()) throw new HashingBusyError();
  const queuedAt = performance.timeOrigin + performance.now();
  try {
    const { result, startedAt } = await p.run(task);
    observeHashWait(queuedAt, startedAt);
    return result;
  } catch (err) {
    // Piscina's own words when the queue filled between our check and run().
    if (err instanceof Error && err.message === "Task queue is at limit") throw new HashingBusyError();
    throw err;
  }
}

export async function bcryptHash(password: string, cost: number): Promise<string> {
  return (await run({ password, cost })) as string;
}

export async function bcryptCompare(password: string, hash: string): Promise<boolean> {
  return (await run({ password, hash })) as boolean;
}

/** Hashes waiting for a thread (the metrics scrape reads it); 0 before the pool starts. */
export function hashQueueSize(): number {
  return shared[POOL]?.queueSize ?? 0;
}

/** True while new password checks would be refused: our server turns plain form posts away with a 503. */
export function hashingBusy(): boolean {
  const p = shared[POOL];
  return Boolean(p && p.queueSize >= p.options.maxQueue);
}

/**
 * Shutdown: lets queued and running hashes finish, then stops the threads. With
 * `now` (the shutdown's bound has passed, their requests were cut off) the
 * threads stop at once and whatever waits for them fails.
 */
export async function closeHashPool({ now = false } = {}): Promise<void> {
  const p = shared[POOL];
  if (!p) return;
  delete shared[POOL];
  await (now ? p.destroy() : p.close());
}
