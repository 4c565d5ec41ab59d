// The second step of sign-in against the real database of the run: a code or a
// recovery code sent by two requests at once is accepted once.
import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createUser, testClient } from "@/lib/testing/factories";
import { completeSignIn, createPendingSignIn } from "./pending";
import { replaceRecoveryCodes } from "./recovery-codes";
import { newSecret } from "./totp";

async function withTwoFactor() {
  const user = await createUser();
  const { secret, sealed } = await newSecret();
  await db.user.update({ where: { id: user.id }, data: { totpSecret: sealed, totpEnabledAt: new Date() } });
  const codes = await db.$transaction((tx) => replaceRecoveryCodes(tx, user.id));
  const pending = () => createPendingSignIn(user);
  return { user, secret, codes, pending };
}

describe("the second factor", () => {
  it("accepts one code once, even when two sign-ins send it at the same moment", async () => {
    const { secret, pending } = await withTwoFactor();
    const code = await generate({ secret });
    const [a, b] = await Promise.all([pending(), pending()]);
    const results = await Promise.all([
      completeSignIn(a, { kind: "otp", code }, testClient),
      completeSignIn(b, { kind: "otp", code }, testClient),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("accepts a recovery code once, and a pending sign-in once", async () => {
    const { codes, pending } = await withTwoFactor();
    const [a, b] = await Promise.all([pending(), pending()]);
    const code = codes[0] ?? "";
    const results = await Promise.all([
      completeSignIn(a, { kind: "recovery", code: code.toUpperCase() }, testClient),
      completeSignIn(b, { kind: "recovery", code }, testClient),
    ]);
    expect(results.filter((r) => r.ok)).toEqual([
      { ok: true, user: expect.anything(), amr: ["pwd", "recovery"] },
    ]);
    const spentPending = results[0]?.ok ? a : b;
    expect(
      await completeSignIn(spentPending, { kind: "recovery", code: codes[1] ?? "" }, testClient),
    ).toMatchObject({
      ok: false,
      expired: true,
    });
  });
});
