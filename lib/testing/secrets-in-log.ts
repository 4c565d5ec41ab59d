// The search behind the e2e run's last check (e2e/global-teardown.ts): which of
// the secrets a run used turn up in its server's log. It answers with kinds and
// counts, never the secrets: its answer is printed in the test output.

export type Secret = { kind: string; value: string };

/** How many secrets of each kind appear in `log`, as written or percent-encoded (as in a logged URL). */
export function secretsIn(log: string, secrets: Secret[]): Map<string, number> {
  const found = new Map<string, number>();
  for (const { kind, value } of new Map(secrets.map((s) => [s.value, s])).values()) {
    if (log.includes(value) || log.includes(encodeURIComponent(value)))
      found.set(kind, (found.get(kind) ?? 0) + 1);
  }
  return found;
}

/** One line for the test output: "2 passwords, 1 session token" style, by kind. */
export function describeFound(found: Map<string, number>): string {
  return [...found].map(([kind, n]) => `${n} × ${kind}`).join(", ");
}
