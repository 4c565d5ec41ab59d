// The password policy (lib/auth/password-policy.ts) and the hashes behind it
// (lib/auth/password.ts), against the real hashing pool and the run's database.
import { randomUUID } from "node:crypto";
import bcrypt from "bcryptjs";
import { describe, expect, it, vi } from "vitest";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { openBody } from "@/lib/mail/sealed";
import { createUser, testClient } from "@/lib/testing/factories";
import { seed } from "@/prisma/seed";
import { checkPassword, hashNewPassword } from "./check-password";
import { newPassword, signUpForm } from "./forms";
import { hashPassword, verifyPassword } from "./password";
import { changePassword } from "./password-change";
import { CONTEXT_MESSAGE, LISTED_MESSAGE, newPasswordProblem } from "./password-policy";
import { requestPasswordReset, resetPassword } from "./password-reset";
import { signUp } from "./sign-in";

const min = config().PASSWORD_MIN_LENGTH;
const owner = { email: "alice.smith@example.com", name: "Alice Smith" };
const emoji = (n: number) => "🦊".repeat(n);
const client = (ip: string) => ({ ...testClient, ip });

describe("length, in code points after NFKC", () => {
  it.each([
    ["14 letters", "lanternorchard", `at least ${min} characters`],
    ["15 letters", "lanternorchardv", null],
    ["14 emoji (28 UTF-16 units, 56 bytes)", emoji(14), `at least ${min} characters`],
    ["15 emoji", emoji(15), null],
    ["64 emoji (256 bytes)", emoji(64), null],
    ["14 decomposed é (28 code points before NFKC)", "e\u0301".repeat(14), `at least ${min} characters`],
    ["1024 characters", "a1b2c3d4".repeat(128), null],
    ["1025 characters", `${"a1b2c3d4".repeat(128)}x`, "at most 1024 characters"],
  ])("%s", async (_, password, refusal) => {
    const parsed = newPassword.safeParse(password);
    const problem = await newPasswordProblem(password, owner);
    if (refusal === null) {
      expect(parsed.success).toBe(true);
      expect(problem).toBeNull();
    } else {
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toContain(refusal);
      expect(problem).toContain(refusal);
    }
  });

  it("the default minimum is 15", () => {
    expect(process.env.PASSWORD_MIN_LENGTH).toBeUndefined();
    expect(min).toBe(15);
  });
});

describe("hashes", () => {
  it("64 emoji are hashed and verify; one changed does not", async () => {
    const hash = await hashPassword(emoji(64));
    expect(hash).toMatch(/^v2\$[0-9a-f]{8}\$\$2[aby]\$/);
    expect(await verifyPassword(emoji(64), hash)).toBe(true);
    expect(await verifyPassword(`${emoji(63)}🐺`, hash)).toBe(false);
  });

  it("nothing is cut off: a 100-character password with only its last character changed is refused", async () => {
    const password = `${"correct-horse-battery-".repeat(5)}ab`.slice(0, 100);
    expect(password).toHaveLength(100);
    const hash = await hashPassword(password);
    expect(await verifyPassword(password, hash)).toBe(true);
    expect(await verifyPassword(`${password.slice(0, 99)}c`, hash)).toBe(false);
  });

  it.each([
    ["full-width letters", "ｌａｎｔｅｒｎ－ｏｒｃｈａｒｄ－ｖｅｌｖｅｔ", "lantern-orchard-velvet"],
    ["composed and decomposed é", "caf\u00e9-lantern-orchard", "cafe\u0301-lantern-orchard"],
    ["ligature ﬁ", "\ufb01eld-lantern-orchard", "field-lantern-orchard"],
  ])("NFKC equivalents verify: %s", async (_, set, typed) => {
    expect(set).not.toBe(typed);
    const hash = await hashPassword(set);
    expect(await verifyPassword(typed, hash)).toBe(true);
    expect(await verifyPassword(set, await hashPassword(typed))).toBe(true);
  });
});

describe("listed and context passwords", () => {
  it.each([
    ["passwordpassword", LISTED_MESSAGE],
    ["PasswordPassword", LISTED_MESSAGE],
    ["1qaz2wsx3edc4rfv", LISTED_MESSAGE],
    ["hybridauth123456", CONTEXT_MESSAGE],
    ["Hybrid Auth Hybrid Auth!", CONTEXT_MESSAGE],
    ["alice.smith@example.com", CONTEXT_MESSAGE],
    ["alice.smith@example.com2024", CONTEXT_MESSAGE],
    ["AliceSmith-AliceSmith", CONTEXT_MESSAGE],
    ["alicealicealice99", CONTEXT_MESSAGE],
    ["alice-lantern-orchard-velvet", null],
    ["hybrid auth lantern orchard", null],
    ["!!!!!!!!!!!!!!!!", null],
  ])("%s", async (password, refusal) => {
    const problem = await newPasswordProblem(password, owner);
    expect(problem).toBe(refusal);
    if (refusal === LISTED_MESSAGE) expect(problem).toMatch(/breached or common/);
  });

  it("a listed password is refused at sign-up, reset, change and for the seeded administrator", async () => {
    const listed = "passwordpassword";
    const fresh = `lantern-orchard-${randomUUID()}`;

    const email = `listed-${randomUUID()}@example.com`;
    expect(await signUp({ name: "Listed", email, password: listed }, client("192.0.2.201"))).toEqual({
      ok: false,
      error: LISTED_MESSAGE,
    });
    expect(await db.user.count({ where: { email } })).toBe(0);

    const user = await createUser();
    await requestPasswordReset(user.email, client("192.0.2.202"));
    const mail = await db.mailMessage.findFirstOrThrow({ where: { to: user.email, kind: "reset_password" } });
    const token = /reset-password\?token=([A-Za-z0-9_-]+)/.exec(await openBody(mail.text))?.[1] ?? "";
    expect(await resetPassword(token, listed, testClient)).toEqual({ ok: false, error: LISTED_MESSAGE });
    expect(await resetPassword(token, user.email, testClient)).toEqual({ ok: false, error: CONTEXT_MESSAGE });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBeNull();

    const other = await createUser();
    await db.user.update({ where: { id: other.id }, data: { passwordHash: await hashPassword(fresh) } });
    const session = {
      sessionId: "no-session",
      authTime: new Date(),
      amr: ["pwd"],
      bound: false,
      user: { id: other.id, email: other.email, name: other.name, role: "user" },
      impersonator: null,
    };
    expect(
      await changePassword(session, { currentPassword: fresh, newPassword: listed }, client("192.0.2.203")),
    ).toEqual({ error: LISTED_MESSAGE });
    expect(
      await verifyPassword(
        fresh,
        (await db.user.findUniqueOrThrow({ where: { id: other.id } })).passwordHash,
      ),
    ).toBe(true);

    await expect(
      seed(
        { demo: false, because: "test" },
        {
          SEED_ADMIN_EMAIL: `seed-${randomUUID()}@example.com`,
          SEED_ADMIN_PASSWORD: listed,
          NODE_ENV: "test",
        },
      ),
    ).rejects.toThrow(/SEED_ADMIN_PASSWORD: .*breached or common/);
    expect(await hashNewPassword(listed, owner)).toEqual({ error: LISTED_MESSAGE });
  });

  it("the sign-up form's schema still normalises the email and keeps the password as typed", () => {
    const password = "lantern orchard velvet";
    expect(signUpForm.parse({ name: " A ", email: " Alice@Example.COM ", password })).toEqual({
      name: "A",
      email: "alice@example.com",
      password,
    });
  });
});

describe("hashes of the old form (plain bcrypt)", () => {
  async function legacyUser(password: string) {
    const user = await createUser();
    const hash = bcrypt.hashSync(password, 4);
    await db.user.update({ where: { id: user.id }, data: { passwordHash: hash } });
    return { user, hash };
  }

  type UpdateMany = { where?: { id?: unknown; passwordHash?: unknown } };

  /** Counts the conditional rewrites of this user's hash that changed a row. */
  function countRewrites(userId: string) {
    const rewrites: number[] = [];
    const original = db.user.updateMany.bind(db.user) as unknown as (
      args: UpdateMany,
    ) => Promise<{ count: number }>;
    const spy = vi.spyOn(db.user, "updateMany").mockImplementation(((args: UpdateMany) => {
      const result = original(args);
      if (args.where?.id === userId && args.where.passwordHash !== undefined)
        void result.then((r) => rewrites.push(r.count));
      return result;
    }) as unknown as typeof db.user.updateMany);
    return { rewrites, restore: () => spy.mockRestore() };
  }

  it("still signs in, and is rewritten as v2 once", async () => {
    const password = "an-old-style-password";
    const { user, hash } = await legacyUser(password);
    const { rewrites, restore } = countRewrites(user.id);
    try {
      for (let i = 0; i < 2; i++) {
        const stored = (await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;
        expect(
          await checkPassword({
            key: user.email,
            client: testClient,
            password,
            hash: stored,
            userId: user.id,
          }),
        ).toEqual({
          ok: true,
        });
      }
    } finally {
      restore();
    }
    const after = (await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash ?? "";
    expect(after).not.toBe(hash);
    expect(after).toMatch(/^v2\$/);
    expect(await verifyPassword(password, after)).toBe(true);
    expect(await verifyPassword("an-old-style-passwore", after)).toBe(false);
    expect(rewrites).toEqual([1]);
  });

  it("two sign-ins at once: both pass, the hash is rewritten exactly once", async () => {
    const password = "another-old-style-password";
    const { user, hash } = await legacyUser(password);
    const { rewrites, restore } = countRewrites(user.id);
    try {
      const results = await Promise.all(
        [1, 2].map(() =>
          checkPassword({ key: user.email, client: testClient, password, hash, userId: user.id }),
        ),
      );
      expect(results).toEqual([{ ok: true }, { ok: true }]);
    } finally {
      restore();
    }
    expect(rewrites.sort()).toEqual([0, 1]);
    const after = (await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash ?? "";
    expect(after).toMatch(/^v2\$/);
    expect(await verifyPassword(password, after)).toBe(true);
  });
});
