// Three server processes on one PostgreSQL database behind HAProxy
// (scripts/balanced.ts): what a scaled-out deployment looks like. Run by
// `npm test` when TEST_DATABASE_URL is set.
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { BALANCER_PORT, DRAIN_SECONDS } from "./e2e/balanced/haproxy";
import base from "./playwright.config";

const server = process.env.TEST_DATABASE_URL;
if (!server) throw new Error("TEST_DATABASE_URL must point at a PostgreSQL server");
// Set once in the runner; the workers inherit it, so everyone agrees on the database.
process.env.BALANCED_DB ??= `hybrid_auth_e2e_${randomBytes(4).toString("hex")}`;
const url = new URL(server);
url.pathname = `/${process.env.BALANCED_DB}`;
process.env.DATABASE_URL = url.toString();
// The instances' process ids, for the specs that signal them.
process.env.BALANCED_STATE ??= path.join(tmpdir(), `${process.env.BALANCED_DB}.json`);
// No test here watches a lockout end; a short one could end before a loaded machine reaches the next step.
process.env.LOGIN_LOCKOUT_SECONDS = "600";
// Low enough for a spec to reach it; only its own client address does (limits.spec.ts).
process.env.LOGIN_MAX_FAILURES_PER_IP = "12";
// The crowds in disruption.spec.ts sign the same accounts in dozens of times; evicting
// their oldest sessions (default 10 per account) is not what those tests are about.
process.env.MAX_SESSIONS_PER_USER = "1000";
// Sign-ups through the balancer all come from its one client address, 127.0.0.1.
process.env.SIGNUP_MAX_PER_IP = "100";
// Readiness fails this long before the listener closes: the balancer takes a stopping instance out first.
process.env.SHUTDOWN_DRAIN_SECONDS = String(DRAIN_SECONDS);

export default defineConfig({
  ...base,
  testDir: "e2e/balanced",
  testIgnore: [],
  // Not the main config's projects: their filters (heavy specs, balanced left out) are for its folder.
  // The specs that kill and restart instances run last, on servers nobody else uses by then.
  projects: [
    { name: "chromium", testIgnore: ["disruption.spec.ts"] },
    { name: "disruption", testMatch: ["disruption.spec.ts"], dependencies: ["chromium"] },
  ],
  workers: 1,
  // The main config's one searches the main e2e server's log; the launcher drops the database itself.
  globalTeardown: undefined,
  use: { ...base.use, baseURL: `http://127.0.0.1:${BALANCER_PORT}` },
  webServer: {
    command: "node --import tsx scripts/balanced.ts",
    url: `http://127.0.0.1:${BALANCER_PORT}/api/health/ready`,
    reuseExistingServer: false,
    // SIGTERM reaches our launcher, which passes it to the servers and waits for them.
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
