// The e2e run's secret check can fail: a secret planted in a log is found, in
// plain or percent-encoded form, and the report names kinds only.
import { describe, expect, it } from "vitest";
import { describeFound, secretsIn } from "./secrets-in-log";

const secrets = [
  { kind: "password", value: "pw-7f1c2a9e-0b4d-4c55-9a1e-3f2b8c6d1e70" },
  { kind: "session token", value: "Zx9_q-Lm3/Tt+8Rk2vWb0yHs5nJcUe1a" },
  { kind: "TOTP secret", value: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" },
];

describe("secretsIn", () => {
  it("finds nothing in a clean log", () => {
    const log = '{"level":"info","event":"server.listening","msg":"e2e server on http://127.0.0.1:3100"}\n';
    expect(secretsIn(log, secrets).size).toBe(0);
  });

  it("finds a planted secret, also percent-encoded, and reports kinds and counts, never the values", () => {
    const log = [
      `{"level":"error","event":"authjs.error","err":{"message":"bad ${secrets[0]!.value}"}}`,
      `{"level":"info","url":"/reset?token=${encodeURIComponent(secrets[1]!.value)}"}`,
    ].join("\n");
    const found = secretsIn(log, secrets);
    expect([...found]).toEqual([
      ["password", 1],
      ["session token", 1],
    ]);
    const report = describeFound(found);
    expect(report).toBe("1 × password, 1 × session token");
    for (const { value } of secrets) expect(report).not.toContain(value);
  });

  it("counts a secret recorded twice once", () => {
    const twice = [...secrets, { ...secrets[2]! }];
    expect(secretsIn(`x ${secrets[2]!.value} x`, twice).get("TOTP secret")).toBe(1);
  });
});
