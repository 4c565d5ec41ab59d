// Before the run: an empty list of the run's secrets (e2e/secrets.ts), starting
// with the one the server is configured with.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { E2E_ENV, E2E_SECRETS_FILE } from "./env";
import { recordSecret } from "./secrets";

export default function globalSetup(): void {
  mkdirSync(path.dirname(E2E_SECRETS_FILE), { recursive: true });
  writeFileSync(E2E_SECRETS_FILE, "");
  recordSecret("AUTH_SECRET", E2E_ENV.AUTH_SECRET);
}
