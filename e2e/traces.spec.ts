// Traces (README "Operations: Traces"): our server with OTEL_EXPORTER_OTLP_ENDPOINT
// pointed at a real OTLP/HTTP receiver this spec starts. A sign-up, a sign-out and a
// password sign-in through the forms must arrive as spans for the password hash, the
// session check, the revocation feed and the mail send, each inside a trace whose
// other spans arrived too, and no payload may carry the password, the address or a
// cookie's value. Without the variable (or with OTEL_SDK_DISABLED) the SDK is never
// loaded and nothing is sent.
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { type OtlpReceiver, startOtlpReceiver } from "@/lib/testing/otlp-receiver";
import { startTestSmtpServer, type TestSmtpServer } from "@/lib/testing/smtp-server";
import { expect, newCredentials, test } from "./fixtures";
import { ownDatabase, startOurServer } from "./own-server";

const root = path.resolve(import.meta.dirname, "..");
/** Preloaded into the server: at exit it writes which @opentelemetry packages were loaded. */
const PROBE = path.join(root, "e2e/helpers/loaded-otel.cjs");

test.describe.configure({ mode: "serial" });
// A server start, a sign-up and a sign-in each, on a 2-core machine that runs more beside.
test.slow();

let receiver: OtlpReceiver;
let smtp: TestSmtpServer;
let database: ReturnType<typeof ownDatabase>;

test.beforeAll(async () => {
  receiver = await startOtlpReceiver();
  smtp = await startTestSmtpServer();
  database = ownDatabase();
});

test.afterAll(async () => {
  await receiver.stop();
  await smtp.stop();
  database.remove();
});

/** Starts our server with `env`, and at its end tells which @opentelemetry packages it had loaded. */
async function serverWith(env: Record<string, string>) {
  const report = path.join(root, `data/loaded-otel-${process.pid}-${Date.now()}.json`);
  const server = await startOurServer({
    DATABASE_URL: database.url,
    SMTP_URL: smtp.url,
    MAIL_POLL_SECONDS: "1",
    NODE_OPTIONS: `--require ${PROBE}`,
    LOADED_OTEL_REPORT: report,
    ...env,
  });
  return {
    origin: server.origin,
    /** Stops the server (its shutdown flushes batched spans) and returns the packages it had loaded. */
    stop: async (): Promise<string[]> => {
      await server.stop();
      const loaded = JSON.parse(readFileSync(report, "utf8")) as string[];
      rmSync(report, { force: true });
      return loaded;
    },
  };
}

test("with an endpoint: spans for the hash, the session check, the feed and a mail send arrive, parented, with no secret in them", async ({
  openDevice,
}) => {
  const server = await serverWith({
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_BSP_SCHEDULE_DELAY: "200",
    OTEL_SERVICE_NAME: "traces-spec",
  });
  const creds = newCredentials();
  const device = await openDevice();
  let loaded: string[] = [];
  let secrets: [string, string][] = [];
  try {
    await device.signUp(creds, server.origin);
    await device.signOut();
    await device.page.getByLabel("Email").fill(creds.email);
    await device.page.getByLabel("Password").fill(creds.password);
    await device.page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(device.page).toHaveURL(/\/dashboard$/);
    await device.page.goto(`${server.origin}/devices`);
    await expect(device.page.getByRole("heading", { level: 1, name: "Active devices" })).toBeVisible();
    // The sign-up's verification mail goes out after its response; its link carries a token in the query.
    await expect.poll(() => smtp.to(creds.email).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    const link = /https?:\/\/\S+\/verify-email\?token=[^\s"<>]+/.exec(
      smtp.to(creds.email)[0]?.text ?? "",
    )?.[0];
    expect(link).toBeTruthy();
    await device.page.goto(link as string);
    const names = () => new Set(receiver.spans().map((s) => s.name));
    for (const name of ["auth.password_hash", "auth.session_check", "sessions.revocation_feed", "mail.send"])
      await expect.poll(() => names().has(name), { timeout: 20_000, message: name }).toBe(true);
    secrets = [
      ["the password", creds.password],
      ["the address", creds.email],
      ...(await device.context.cookies())
        .filter((c) => c.value.length >= 8)
        .map((c): [string, string] => [`the cookie ${c.name}`, c.value]),
      ...smtp
        .to(creds.email)
        .flatMap((m) => [...m.text.matchAll(/[?&]token=([^&\s"<>]+)/g)])
        .map(([, t]): [string, string] => ["a mailed link's token", decodeURIComponent(t ?? "")]),
    ];
  } finally {
    loaded = await server.stop();
  }
  expect(loaded).toContain("@opentelemetry/sdk-trace");

  const spans = receiver.spans();
  const ours = spans.filter((s) => s.scope === "hybrid-auth-next");
  expect(new Set(spans.map((s) => s.service))).toEqual(new Set(["traces-spec"]));
  const byName = (name: string) => ours.filter((s) => s.name === name);
  // Sign-up hashes, sign-in verifies: two operations, told apart by one word.
  expect(new Set(byName("auth.password_hash").map((s) => s.attributes["app.operation"]))).toEqual(
    new Set(["hash", "verify"]),
  );
  expect(byName("auth.session_check").map((s) => s.attributes["app.outcome"])).toContain("valid");
  expect(byName("sessions.revocation_feed").map((s) => s.attributes["app.outcome"])).toContain("ok");
  expect(byName("mail.send").map((s) => s.attributes["app.outcome"])).toContain("sent");

  // Ours are children of Next's spans for the request (the route, the render), in the same trace.
  const ids = new Map(spans.map((s) => [s.spanId, s]));
  for (const name of ["auth.password_hash", "auth.session_check", "sessions.revocation_feed"]) {
    const parented = byName(name).filter((s) => {
      const parent = ids.get(s.parentSpanId);
      return parent?.scope === "next.js" && parent.traceId === s.traceId;
    });
    expect(parented.length, `${name} spans with their parent in the same trace`).toBeGreaterThan(0);
  }
  for (const s of spans) {
    expect(s.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(s.spanId).toMatch(/^[0-9a-f]{16}$/);
  }

  // Nothing secret in any payload: not the password, the address, a cookie or a mailed link's token.
  expect(secrets.length).toBeGreaterThanOrEqual(4);
  const payload = receiver.bodies().join("\n");
  for (const [what, secret] of secrets)
    expect(payload.includes(secret), `${what} in the exported spans`).toBe(false);
});

for (const [what, env] of [
  ["without OTEL_EXPORTER_OTLP_ENDPOINT", {}],
  ["with OTEL_SDK_DISABLED=true", { OTEL_SDK_DISABLED: "true" }],
] as const)
  test(`${what}: the SDK is never loaded and nothing is sent`, async ({ openDevice }) => {
    const before = receiver.requests();
    const server = await serverWith({
      OTEL_EXPORTER_OTLP_ENDPOINT: "OTEL_SDK_DISABLED" in env ? receiver.endpoint : "",
      OTEL_BSP_SCHEDULE_DELAY: "200",
      ...env,
    });
    const creds = newCredentials();
    const device = await openDevice();
    let loaded: string[];
    try {
      await device.signUp(creds, server.origin);
      await expect.poll(() => smtp.to(creds.email).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    } finally {
      loaded = await server.stop();
    }
    // The API alone (our spans' no-op) may be there; nothing of the SDK or the exporter.
    expect(loaded.filter((name) => name !== "@opentelemetry/api")).toEqual([]);
    expect(receiver.requests()).toBe(before);
  });
