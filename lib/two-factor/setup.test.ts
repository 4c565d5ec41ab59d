// Setting up an authenticator app, against the real database of the run: only
// on a verified address, and an unfinished secret lasts 10 minutes.
import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createUser, testClient } from "@/lib/testing/factories";
import { VERIFY_FIRST } from "@/lib/users/verified-only";
import { confirmSetup, SETUP_EXPIRED, startSetup } from "./setup";
import { openSecret } from "./totp";

async function verifiedUser() {
  const user = await createUser();
  return db.user.update({ where: { id: user.id }, data: { emailVerified: new Date() } });
}

async function pendingCode(userId: string): Promise<string> {
  const { totpPendingSecret } = await db.user.findUniqueOrThrow({ where: { id: userId } });
  return generate({ secret: await openSecret(totpPendingSecret ?? "") });
}

describe("two-factor set-up", () => {
  it("is refused on an unverified address, and nothing is stored", async () => {
    const user = await createUser();
    expect(await startSetup(user.id)).toEqual({ error: VERIFY_FIRST });
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.totpPendingSecret).toBeNull();
    expect(after.totpSetupStartedAt).toBeNull();
  });

  it("a code within 10 minutes turns it on; past them the secret is discarded, even with the right code", async () => {
    const user = await verifiedUser();
    expect(await startSetup(user.id)).toEqual({});
    const result = await confirmSetup(user, await pendingCode(user.id), testClient);
    expect("codes" in result && result.codes).toHaveLength(10);

    const late = await verifiedUser();
    expect(await startSetup(late.id)).toEqual({});
    const code = await pendingCode(late.id);
    await db.user.update({
      where: { id: late.id },
      data: { totpSetupStartedAt: new Date(Date.now() - 11 * 60_000) },
    });
    expect(await confirmSetup(late, code, testClient)).toEqual({ error: SETUP_EXPIRED });
    const after = await db.user.findUniqueOrThrow({ where: { id: late.id } });
    expect([
      after.totpPendingSecret,
      after.totpSetupStartedAt,
      after.totpEnabledAt,
      after.totpSecret,
    ]).toEqual([null, null, null, null]);
    expect(await db.recoveryCode.count({ where: { userId: late.id } })).toBe(0);
  });
});
