// Two server processes (scripts/serve.ts) on one PostgreSQL database: what a scaled-out
// deployment looks like. Run by `npm test` when TEST_DATABASE_URL is set.
import { randomBytes } from "node:crypto";
import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

const server = process.env.TEST_DATABASE_URL;
if (!server) throw new Error("TEST_DATABASE_URL must point at a PostgreSQL server");
// Set once in the runner; the workers inherit it, so everyone agrees on the database.
process.env.TWO_INSTANCES_DB ??= `hybrid_auth_e2e_${randomBytes(4).toString("hex")}`;
const url = new URL(server);
url.pathname = `/${process.env.TWO_INSTANCES_DB}`;
process.env.DATABASE_URL = url.toString();
// No test here watches a lockout end; a short one could end before a loaded machine reaches the next step.
process.env.LOGIN_LOCKOUT_SECONDS = "600";

export default defineConfig({
  ...base,
  testDir: "e2e/two-instances",
  testIgnore: [],
  // Not the main config's projects: their filters (heavy specs, two-instances left out) are for its folder.
  projects: [{ name: "chromium" }],
  workers: 1,
  globalTeardown: "./e2e/two-instances/teardown.ts",
  use: { ...base.use, baseURL: "http://127.0.0.1:3201" },
  webServer: {
    command: "node --import tsx scripts/two-instances.ts",
    url: "http://127.0.0.1:3202/",
    reuseExistingServer: false,
    // SIGTERM reaches our launcher, which passes it to both servers and waits for them.
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
