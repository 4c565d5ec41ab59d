// Brute force, lockout and user enumeration at the sign-in form.
import type { Page } from "@playwright/test";
import { db } from "@/lib/db/client";
import { E2E_ENV } from "../env";
import { createAccount, expect, fillSignIn, newCredentials, test } from "../fixtures";

const WRONG = "The email or password is incorrect.";
const MAX = Number(E2E_ENV.LOGIN_MAX_FAILURES);
const LOCKOUT = Number(E2E_ENV.LOGIN_LOCKOUT_SECONDS);

async function attempt(page: Page, email: string, password: string) {
  await fillSignIn(page, email, password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Whether the account's lockout (its row in the limiter table) has run out. */
async function lockoutOver(email: string): Promise<boolean> {
  const row = await db.rateLimiterFlexible.findFirst({ where: { key: `login:lock:${email}` } });
  return !row?.expire || row.expire.getTime() <= Date.now();
}

function alertOf(page: Page) {
  return page.getByRole("form", { name: "Sign in", exact: true }).getByRole("alert");
}

test("brute force locks the account, even against the right password, until the lockout ends", async ({
  user,
  openDevice,
}) => {
  await createAccount(user);
  const { page } = await openDevice();
  for (let i = 1; i < MAX; i++) {
    await attempt(page, user.email, `wrong-${i}`);
    await expect(alertOf(page)).toHaveText(WRONG);
  }
  await attempt(page, user.email, "wrong-last");
  await expect(alertOf(page)).toContainText("Too many failed sign-in attempts");
  await attempt(page, user.email, user.password);
  await expect(alertOf(page)).toContainText("Too many failed sign-in attempts");
  await expect(page).toHaveURL(/\/login/);

  // The lockout's own row says when it ends: wait for that, not for a guess of it.
  await expect.poll(() => lockoutOver(user.email), { timeout: (LOCKOUT + 10) * 1000 }).toBe(true);
  await attempt(page, user.email, user.password);
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("an unknown email is locked out the same way, so lockouts reveal nothing", async ({ openDevice }) => {
  const { page } = await openDevice();
  const ghost = newCredentials().email;
  for (let i = 1; i < MAX; i++) {
    await attempt(page, ghost, `wrong-${i}`);
    await expect(alertOf(page)).toHaveText(WRONG);
  }
  await attempt(page, ghost, "wrong-last");
  await expect(alertOf(page)).toContainText("Too many failed sign-in attempts");
});

test("unknown email and wrong password: same message, similar time", async ({ openDevice }) => {
  const { page } = await openDevice();
  const known = await Promise.all(
    Array.from({ length: 6 }, async () => {
      const c = newCredentials();
      await createAccount(c);
      return c.email;
    }),
  );
  const timings = { known: [] as number[], unknown: [] as number[] };
  await page.goto("/login");
  for (let i = 0; i < known.length; i++) {
    for (const kind of ["known", "unknown"] as const) {
      const email = kind === "known" ? (known[i] as string) : newCredentials().email;
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill("not-the-password");
      const started = Date.now();
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST"),
        page.getByRole("button", { name: "Sign in", exact: true }).click(),
      ]);
      timings[kind].push(Date.now() - started);
      // React resets the form once it commits the answer, which can land after the
      // response: typing before that would be wiped and the next click submit nothing.
      await expect(page.getByLabel("Password")).toHaveValue("");
      await expect(alertOf(page)).toHaveText(WRONG);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const ratio = median(timings.unknown) / median(timings.known);
  // Both paths run one bcrypt comparison; without the dummy hash an unknown email answers ~10x faster.
  expect(ratio, JSON.stringify(timings)).toBeGreaterThan(0.5);
  expect(ratio, JSON.stringify(timings)).toBeLessThan(2);
});
