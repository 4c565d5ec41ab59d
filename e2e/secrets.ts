// The secrets a run hands the app (passwords, session and edge tokens, TOTP
// secrets, tokens from mail links), written down as the fixtures use them, one
// "kind<TAB>value" per line, so the end of the run can search the server's log
// for every one of them (e2e/global-teardown.ts). Each worker appends to the file.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Secret } from "@/lib/testing/secrets-in-log";
import { E2E_SECRETS_FILE } from "./env";

export type SecretKind =
  | "password"
  | "session token"
  | "edge token"
  | "TOTP secret"
  | "recovery code"
  | "mail link token"
  | "AUTH_SECRET";

const recorded = new Set<string>();

/** Returns the value, so a fixture can record a secret where it makes it. */
export function recordSecret<T extends string>(kind: SecretKind, value: T): T {
  const line = `${kind}\t${value}`;
  if (value && !recorded.has(line)) {
    // A run without the global setup (another config, a single file) has no folder yet.
    if (recorded.size === 0) mkdirSync(path.dirname(E2E_SECRETS_FILE), { recursive: true });
    recorded.add(line);
    appendFileSync(E2E_SECRETS_FILE, `${line}\n`);
  }
  return value;
}

/** The run's secrets, by kind. */
export function recordedSecrets(file = E2E_SECRETS_FILE): Secret[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf("\t");
      return { kind: line.slice(0, tab), value: line.slice(tab + 1) };
    });
}
