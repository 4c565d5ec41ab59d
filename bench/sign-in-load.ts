// The devices page while clients sign in flat out, next to the same page idle.
// Each sign-in is the real no-JavaScript form post of /login (bcrypt at the
// configured cost, a new session, its audit event), so the rows show whether
// password hashing starves the pages that do not hash.
import { median, sleep, type WrkStats, wrkStats } from "./lib";

export type SignInLoadResult = {
  idle: WrkStats[];
  loaded: WrkStats[];
  /** Sign-ins completed per second while the page was measured. */
  signInsPerSecond: number[];
};

/** The login form's hidden fields (the server action's reference), read once from the page. */
async function loginFormFields(base: string): Promise<[string, string][]> {
  const html = await (await fetch(`${base}/login`)).text();
  const inputs = html.match(/<input type="hidden"[^>]*>/g) ?? [];
  const attr = (tag: string, name: string) =>
    new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1]?.replaceAll("&quot;", '"').replaceAll("&amp;", "&") ?? "";
  return inputs.map((tag) => [attr(tag, "name"), attr(tag, "value")]);
}

/** Signs `email` in over and over until `stop()`; counts the answers that redirect to the dashboard. */
async function signInLoop(base: string, fields: [string, string][], email: string, password: string) {
  let done = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const form = new FormData();
      for (const [k, v] of fields) form.append(k, v);
      form.append("email", email);
      form.append("password", password);
      const res = await fetch(`${base}/login`, {
        method: "POST",
        body: form,
        headers: { origin: base },
        redirect: "manual",
      });
      await res.arrayBuffer();
      if (res.status === 303 && res.headers.get("location")?.endsWith("/dashboard")) done++;
      else throw new Error(`sign-in answered ${res.status}`);
    }
  })();
  return {
    count: () => done,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

export async function measureSignInLoad(opts: {
  port: number;
  /** Cookies of a session that may see /devices (database session and edge token). */
  cookie: string;
  emails: string[];
  password: string;
  rounds: number;
  seconds: number;
}): Promise<SignInLoadResult> {
  const base = `http://127.0.0.1:${opts.port}`;
  const fields = await loginFormFields(base);
  const page = `${base}/devices`;
  const result: SignInLoadResult = { idle: [], loaded: [], signInsPerSecond: [] };
  for (let round = 1; round <= opts.rounds; round++) {
    const loaded = async () => {
      const clients = await Promise.all(
        opts.emails.map(async (email) => signInLoop(base, fields, email, opts.password)),
      );
      await sleep(1000); // let the hashing queue fill before measuring
      const before = clients.reduce((n, c) => n + c.count(), 0);
      const stats = await wrkStats(page, opts.seconds, opts.cookie);
      const after = clients.reduce((n, c) => n + c.count(), 0);
      await Promise.all(clients.map((c) => c.stop()));
      result.loaded.push(stats);
      result.signInsPerSecond.push((after - before) / opts.seconds);
    };
    const idle = async () => {
      result.idle.push(await wrkStats(page, opts.seconds, opts.cookie));
    };
    // Alternate which comes first, so neither always follows the other.
    for (const step of round % 2 ? [idle, loaded] : [loaded, idle]) await step();
  }
  return result;
}

export function signInLoadLines(r: SignInLoadResult, clients: number): string[] {
  const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "n/a");
  const rpsRatio = median(r.loaded.map((l, i) => l.rps / (r.idle[i]?.rps ?? Number.NaN)));
  const p99Ratio = median(r.loaded.map((l, i) => l.p99Ms / (r.idle[i]?.p99Ms ?? Number.NaN)));
  const idleRps = median(r.idle.map((x) => x.rps));
  const idleP99 = median(r.idle.map((x) => x.p99Ms));
  return [
    `| /devices, idle | ${Math.round(idleRps)} req/s, p99 ${fmt(idleP99)} ms | 1.00 | |`,
    `| /devices while ${clients} clients sign in | ${Math.round(median(r.loaded.map((x) => x.rps)))} req/s, p99 ${fmt(median(r.loaded.map((x) => x.p99Ms)))} ms | throughput ${fmt(rpsRatio)}x idle, p99 ${fmt(p99Ratio)}x idle | >= 0.5x, p99 <= 5x |`,
    `| sign-ins completed meanwhile | ${fmt(median(r.signInsPerSecond))} a second | | bcrypt cost 12: about 3 a second per core |`,
  ];
}
