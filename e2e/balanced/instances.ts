// What the balanced specs do to the setup scripts/balanced.ts runs: HTTP without a
// browser (from a client address of the spec's choosing), the no-JavaScript
// sign-in form, and signals to one instance.
import { readdirSync, readFileSync } from "node:fs";
import { type IncomingHttpHeaders, request } from "node:http";
import path from "node:path";
import { BALANCER_PORT, CHECK_INTERVAL_MS, INSTANCE_NAMES, INSTANCE_PORTS } from "./haproxy";

export const BALANCER = `http://127.0.0.1:${BALANCER_PORT}`;
export const DIRECT = INSTANCE_PORTS.map((port) => `http://127.0.0.1:${port}`);

export type Answer = { status: number; headers: IncomingHttpHeaders; body: string };

/**
 * One request on a connection of its own. `from` is the client's address: any of
 * 127.0.0.0/8 is this machine, so a spec can be many clients to the balancer.
 */
export function send(
  url: string,
  opts: {
    method?: string;
    headers?: Record<string, string>;
    body?: Buffer;
    from?: string;
    /** Give up (reject) after this long. */
    timeoutMs?: number;
  } = {},
): Promise<Answer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: opts.method ?? "GET",
        headers: opts.headers,
        localAddress: opts.from,
        agent: false,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    if (opts.timeoutMs)
      req.setTimeout(opts.timeoutMs, () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
    req.end(opts.body);
  });
}

/** The instance that answered, as the balancer names it (a, b or c). */
export const servedBy = (answer: { headers: IncomingHttpHeaders }) => String(answer.headers["x-served-by"]);

/** The login form's hidden fields (its server action's reference): one build, the same on every instance. */
export async function loginFormFields(origin = BALANCER): Promise<[string, string][]> {
  const html = (await send(`${origin}/login`)).body;
  const inputs = html.match(/<input type="hidden"[^>]*>/g) ?? [];
  const attr = (tag: string, name: string) =>
    new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1]?.replaceAll("&quot;", '"').replaceAll("&amp;", "&") ?? "";
  return inputs.map((tag) => [attr(tag, "name"), attr(tag, "value")]);
}

export type SignIn = Answer & {
  /** 303 to /dashboard: signed in. */
  ok: boolean;
  /** The cookies it set, as a Cookie header. */
  cookie: string;
};

/** The no-JavaScript sign-in form's post, as a browser without scripts sends it. */
export async function signIn(
  fields: [string, string][],
  email: string,
  password: string,
  opts: { from?: string; headers?: Record<string, string>; origin?: string } = {},
): Promise<SignIn> {
  const origin = opts.origin ?? BALANCER;
  const form = new FormData();
  for (const [k, v] of fields) form.append(k, v);
  form.append("email", email);
  form.append("password", password);
  const encoded = new Request(origin, { method: "POST", body: form });
  const answer = await send(`${origin}/login`, {
    method: "POST",
    from: opts.from,
    body: Buffer.from(await encoded.arrayBuffer()),
    headers: {
      ...opts.headers,
      origin,
      "content-type": encoded.headers.get("content-type") ?? "",
    },
  });
  const cookie = ([] as string[])
    .concat(answer.headers["set-cookie"] ?? [])
    .map((c) => c.split(";")[0])
    .join("; ");
  const ok = answer.status === 303 && String(answer.headers.location).endsWith("/dashboard");
  return { ...answer, ok, cookie };
}

type State = {
  pids: Record<string, number>;
  exits: Record<string, { code: number | null; signal: string | null }>;
};
const state = () => JSON.parse(readFileSync(process.env.BALANCED_STATE as string, "utf8")) as State;

/** The process id of the instance on `port` now (a restarted one has a new one). */
export function pidOf(port: number): number {
  const pid = state().pids[port];
  if (!pid) throw new Error(`no instance on port ${port}`);
  return pid;
}

/** How a process the supervisor started again ended (once it has noticed). */
export function exitOf(pid: number): { code: number | null; signal: string | null } | undefined {
  return state().exits[pid];
}

/** Signals the instance on `port` (its process group: the server and all it runs). */
export function signal(port: number, sig: NodeJS.Signals): number {
  const pid = pidOf(port);
  process.kill(-pid, sig);
  return pid;
}

export function exited(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Until the supervisor has started the instance on `port` again and the balancer sends it requests. */
export async function waitUntilBack(port: number, oldPid: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const name = INSTANCE_NAMES[INSTANCE_PORTS.indexOf(port as (typeof INSTANCE_PORTS)[number])];
  let last = "not started again";
  for (;;) {
    if (Date.now() > deadline)
      throw new Error(
        `the instance on port ${port} did not come back: its readiness did not answer 200 (last: ${last})`,
      );
    if (pidOf(port) !== oldPid) {
      const ready = await send(`http://127.0.0.1:${port}/api/health/ready`, { timeoutMs: 5000 }).catch(
        (err: Error) => err,
      );
      if (!(ready instanceof Error) && ready.status === 200) break;
      last = ready instanceof Error ? ready.message : `${ready.status} ${ready.body.slice(0, 600)}`;
    }
    await sleep(200);
  }
  // The balancer's checks need `rise` passes; then round-robin reaches it within a few requests.
  for (;;) {
    if (Date.now() > deadline) throw new Error(`the balancer did not take port ${port} back`);
    const answers = await Promise.all(
      INSTANCE_PORTS.map(() => send(`${BALANCER}/api/health/live`, { timeoutMs: 5000 }).catch(() => null)),
    );
    if (answers.some((a) => a && servedBy(a) === name)) return;
    await sleep(CHECK_INTERVAL_MS);
  }
}

/** Every page under app/(app) (the signed-in group), read from the tree, so a new page is loaded too. */
export function signedInPages(): string[] {
  const group = path.resolve(import.meta.dirname, "../../app/(app)");
  return readdirSync(group, { recursive: true, encoding: "utf8" })
    .filter((f) => path.basename(f) === "page.tsx" && !f.includes("["))
    .map((f) => `/${path.dirname(f).split(path.sep).join("/")}`)
    .sort();
}
