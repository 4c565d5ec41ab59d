import { defineConfig, devices } from "@playwright/test";
import { chromiumArgs, fullChromium, headlessShell } from "./e2e/browsers";
import { E2E_ENV } from "./e2e/env";

// The server and the test workers (which inherit this process's environment) share these.
Object.assign(process.env, E2E_ENV);

const PORT = Number(process.env.E2E_PORT ?? 3100);

/**
 * Specs that start servers of their own (a second app, a cost-14/15 bcrypt load, a
 * database that goes away, SIGTERM mid-request, https): each is seconds of CPU that
 * would starve the tests beside it on a 2-core machine, and some measure how fast
 * something happens. They run in the "heavy" project, one at a time, after the rest.
 */
const HEAVY_SPECS = [
  "account-mail-strict.spec.ts",
  "admin-mfa.spec.ts",
  "dbsc.spec.ts",
  "end-every-session.spec.ts",
  "mail-servers.spec.ts",
  "outage.spec.ts",
  "passkeys-other-origin.spec.ts",
  "revocation-feed-down.spec.ts",
  "revocation-feed-forged.spec.ts",
  "server.spec.ts",
  "shutdown.spec.ts",
  "traces.spec.ts",
];
const baseURL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: "e2e",
  // Needs three servers and HAProxy on PostgreSQL: playwright.balanced.config.ts runs it.
  testIgnore: "balanced/**",
  fullyParallel: true,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  // A wait for what a test asserts, not a speed limit: a server action that redirects renders
  // its target in the same response, which took over 10 s on a loaded 2-core CI machine.
  expect: { timeout: 20_000 },
  reporter: [["list"]],
  // The run's secrets (e2e/secrets.ts) are listed afresh, and at the end searched for in the server's log.
  globalSetup: "./e2e/global-setup.ts",
  globalTeardown: "./e2e/global-teardown.ts",
  use: {
    baseURL,
    trace: "retain-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions: { executablePath: headlessShell ?? fullChromium, args: chromiumArgs },
  },
  projects: [
    // A project's testIgnore replaces the one above: balanced stays out here too.
    { name: "chromium", testIgnore: ["balanced/**", "no-javascript/**", ...HEAVY_SPECS] },
    // The core forms in a browser with JavaScript turned off (the UI contract: they work without it).
    { name: "no-javascript", testMatch: "no-javascript/**", use: { javaScriptEnabled: false } },
    // After the main project; `npm test` runs it as a step of its own (scripts/test-all.sh).
    {
      name: "heavy",
      testMatch: HEAVY_SPECS,
      dependencies: ["chromium"],
      workers: 1,
    },
  ],
  webServer: {
    // Not through the tsx CLI: its signal relay SIGKILLs a child that is too busy to acknowledge within ~60 ms.
    command: "node --import tsx scripts/e2e-server.ts",
    url: `${baseURL}/`,
    reuseExistingServer: false,
    // SIGTERM reaches our server (scripts/e2e-server.ts runs it in-process), which closes and exits.
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
    env: { E2E_PORT: String(PORT) },
  },
});
