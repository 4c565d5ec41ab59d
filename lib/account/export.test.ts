// "Download my data" against the real database of the run: what the list in
// the README promises is there, and nothing the schema keeps secret is, by
// name (every hash, secret, token, key and counter column of the schema) or by
// value (each secret the account holds).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createFullAccount, testClient } from "@/lib/testing/factories";
import { exportAccountData } from "./export";

/** The schema's columns that hold something secret, or a key's parts: read from the file, so new ones count. */
function secretFieldNames(): Set<string> {
  const schema = readFileSync(path.resolve(import.meta.dirname, "../../prisma/schema.prisma"), "utf8");
  const fields = [...schema.matchAll(/^model \w+ \{([^}]*)\}/gm)].flatMap(([, body]) =>
    [...(body ?? "").matchAll(/^\s+(\w+)\s+\w/gm)].map(([, name]) => name as string),
  );
  return new Set(
    fields.filter((f) => /hash|secret|token|key|counter|challenge|successor|jkt|^credential(?!s)/i.test(f)),
  );
}

/** Every key and every string value in the export, wherever it is nested. */
function walk(value: unknown, keys: string[] = [], strings: string[] = []) {
  if (typeof value === "string") strings.push(value);
  else if (Array.isArray(value)) for (const v of value) walk(v, keys, strings);
  else if (value && typeof value === "object" && !(value instanceof Date))
    for (const [k, v] of Object.entries(value)) {
      keys.push(k);
      walk(v, keys, strings);
    }
  return { keys, strings };
}

describe("exportAccountData", () => {
  it("holds the profile, sessions, known devices, connected accounts, passkeys and activity", async () => {
    const { user, sessions } = await createFullAccount();
    const data = await exportAccountData(user.id);
    expect(data?.profile).toMatchObject({ id: user.id, email: user.email, name: user.name, role: "user" });
    expect(data?.profile.twoFactorEnabledAt).toBeInstanceOf(Date);
    expect(data?.sessions).toHaveLength(3);
    expect(data?.sessions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: sessions[0]?.id,
          deviceLabel: testClient.deviceLabel,
          ip: testClient.ip,
          signInMethod: "Password",
          withAuthenticatorApp: true,
          createdAt: expect.any(Date),
          lastActiveAt: expect.any(Date),
        }),
        expect.objectContaining({ deviceLabel: "Other device", signInMethod: "Passkey" }),
        expect.objectContaining({ deviceLabel: "CLI", signInMethod: "Device code" }),
      ]),
    );
    expect(data?.knownDevices).toEqual([{ firstSeen: expect.any(Date), lastSeen: expect.any(Date) }]);
    expect(data?.connectedAccounts).toEqual([
      { provider: "oidc", providerAccountId: expect.stringMatching(/^sub-/), createdAt: expect.any(Date) },
    ]);
    expect(data?.passkeys).toEqual([
      expect.objectContaining({ name: "Work laptop", createdAt: expect.any(Date) }),
    ]);
    expect(data?.activity.map((a) => a.what)).toEqual(
      expect.arrayContaining(["Signed in", "Passkey added", "Sign-in attempts blocked"]),
    );
  });

  it("never holds a hash, secret, token or key: no such column by name, no secret by value", async () => {
    const { user, secrets } = await createFullAccount();
    const names = secretFieldNames();
    // The reading of the schema found what it must (a rename there must not empty this test).
    for (const known of [
      "passwordHash",
      "sessionToken",
      "totpSecret",
      "totpPendingSecret",
      "credentialPublicKey",
      "credentialID",
      "counter",
      "access_token",
      "refresh_token",
      "id_token",
      "tokenHash",
      "codeHash",
      "deviceHash",
      "boundKey",
    ])
      expect(names).toContain(known);
    const { keys, strings } = walk(JSON.parse(JSON.stringify(await exportAccountData(user.id))));
    expect(keys.filter((k) => names.has(k))).toEqual([]);
    const values = Object.values(secrets);
    expect(strings.filter((s) => values.some((secret) => s.includes(secret)))).toEqual([]);
  });

  it("is null for a user that is gone", async () => {
    const { user } = await createFullAccount();
    await db.user.delete({ where: { id: user.id } });
    expect(await exportAccountData(user.id)).toBeNull();
  });
});
