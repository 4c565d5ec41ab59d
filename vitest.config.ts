import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    environment: "node",
    include: ["lib/**/*.test.ts", "prisma/**/*.test.ts", "scripts/**/*.test.ts"],
    globalSetup: ["lib/testing/global-setup.ts"],
    // A configured client without DPoP, beside the built-in "cli" (lib/api/clients.ts).
    env: { API_CLIENTS: '[{"id":"plain-app","name":"Plain app","dpop":false,"scopes":["profile"]}]' },
    // One database per run, shared by the files: run them one after another.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
