// Limits that hold when requests arrive at once, as an attacker sends them.
import type { Page, Request } from "@playwright/test";
import { db } from "@/lib/db/client";
import { E2E_ENV } from "../env";
import { createAccount, expect, fillSignIn, newCredentials, test } from "../fixtures";
import { replay } from "../replay";

const MAX = Number(E2E_ENV.LOGIN_MAX_FAILURES);
const SIGNUPS = Number(E2E_ENV.SIGNUP_MAX_PER_IP);

function submitSignIn(page: Page) {
  return Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.getByRole("button", { name: "Sign in", exact: true }).click(),
  ]);
}

const wrongPasswordChecks = (userId: string) =>
  db.auditEvent.count({ where: { targetUserId: userId, action: "login.failed" } });

/** The suite's lockouts last seconds; a test that acts during one makes it last a minute (in the database). */
const extendLockout = (email: string) =>
  db.rateLimiterFlexible.updateMany({
    where: { key: `login:lock:${email}` },
    data: { expire: new Date(Date.now() + 60_000) },
  });

/**
 * The sign-in form's post, made once in the browser and stopped before it left,
 * for sending by hand: `as(password, ip)` is that post with another password, from
 * another address (each its own, so per-IP limits never decide).
 */
async function signInPost(page: Page, email: string, port: string) {
  const marker = `marker-${Date.now()}`;
  let captured: Request | undefined;
  await page.route("**/login", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    captured = route.request();
    await route.abort();
  });
  await fillSignIn(page, email, marker);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect.poll(() => captured).toBeDefined();
  await page.unroute("**/login");
  const body = (captured as Request).postDataBuffer()?.toString("utf8") ?? "";
  expect(body).toContain(marker);
  return (password: string, ip: string) =>
    replay(captured as Request, port, { "x-forwarded-for": ip }, Buffer.from(body.replace(marker, password)));
}

test(`${2 * MAX - 1} wrong passwords and the right one at once: at most ${MAX} are checked, and a lockout earned stays`, async ({
  user,
  openDevice,
  baseURL,
}) => {
  const userId = await createAccount(user);
  const device = await openDevice();
  const post = await signInPost(device.page, user.email, new URL(baseURL as string).port);
  // All sent at once, by hand, as an attacker would: no browser stands between them.
  const answers = await Promise.all(
    Array.from({ length: 2 * MAX }, (_, i) =>
      post(i === MAX ? user.password : `wrong-${i}`, `198.19.${device.ip.split(".")[2]}.${i + 1}`),
    ),
  );
  for (const { status } of answers) expect(status).toBeLessThan(500);

  const failures = await wrongPasswordChecks(userId);
  const signedIn = await db.session.count({ where: { userId } });
  // Each password checked either failed (one login.failed row) or signed in.
  expect(failures + signedIn).toBeLessThanOrEqual(MAX);
  const locked = await db.auditEvent.count({ where: { targetUserId: userId, action: "account.locked" } });
  await extendLockout(user.email);

  const again = await openDevice();
  await fillSignIn(again.page, user.email, user.password);
  await submitSignIn(again.page);
  if (locked > 0) {
    // The right password that got through did not lift the lockout the others earned.
    await expect(
      again.page.getByRole("form", { name: "Sign in", exact: true }).getByRole("alert"),
    ).toContainText("Too many failed sign-in attempts");
  } else {
    await expect(again.page).toHaveURL(/\/dashboard$/);
  }
});

test("a sign-in with the old password racing a password change never outlives the change", async ({
  fastDevicesOf,
  user,
  openDevice,
  baseURL,
  playwright,
}) => {
  const [owner] = await fastDevicesOf(["chromeMac"]);
  const userId = (await db.user.findUniqueOrThrow({ where: { email: user.email } })).id;
  // Four thieves who know the old password, sending the sign-in form's post by hand.
  const thief = await openDevice("firefoxWindows");
  const post = await signInPost(thief.page, user.email, new URL(baseURL as string).port);

  await owner.page.goto("/settings/password");
  await owner.page.getByLabel("Current password").fill(user.password);
  await owner.page.getByLabel("New password").fill(`${user.password}-new`);
  const [, ...thieves] = await Promise.all([
    owner.page.getByRole("button", { name: "Change password" }).click(),
    // Spread over the time the change takes (two bcrypt runs, then the transaction).
    ...Array.from({ length: 4 }, async (_, i) => {
      await new Promise((r) => setTimeout(r, i * 40));
      return post(user.password, `198.18.${thief.ip.split(".")[2]}.${i + 1}`);
    }),
  ]);
  await expect(owner.page.getByRole("status").filter({ hasText: "Password changed" })).toBeVisible();

  const sessions = await db.session.findMany({ where: { userId }, select: { id: true } });
  expect(sessions).toHaveLength(1);
  await owner.page.goto("/devices");
  await expect(owner.page.getByRole("listitem").filter({ hasText: "This device" })).toHaveCount(1);
  // Whatever cookies a thief was given (a session and its edge token, if the sign-in went first) open nothing now.
  for (const { cookies } of thieves) {
    const browserless = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { cookie: cookies.join("; "), "x-forwarded-for": thief.ip },
    });
    const res = await browserless.get("/dashboard");
    expect(new URL(res.url()).pathname).toBe("/login");
    await browserless.dispose();
  }
});

test(`"current password" is throttled like sign-in, and its failures are audited`, async ({
  fastSignedIn,
  user,
  baseURL,
}) => {
  const { page } = fastSignedIn;
  const userId = (await db.user.findUniqueOrThrow({ where: { email: user.email } })).id;
  const before = (await db.user.findUniqueOrThrow({ where: { id: userId } })).passwordHash;
  const form = page.getByRole("form", { name: "Change password" });
  const tryCurrent = async (current: string) => {
    await page.goto("/settings/password");
    await page.getByLabel("Current password").fill(current);
    await page.getByLabel("New password").fill("a-brand-new-password");
    await page.getByRole("button", { name: "Change password" }).click();
  };
  // The first wrong guess through the page; the form's post, seen on its way, then goes
  // again by hand with the next guesses in it, and each answer carries the same message.
  let captured: Request | undefined;
  await page.route("**/settings/password", async (route) => {
    if (route.request().method() === "POST") captured = route.request();
    await route.continue();
  });
  await tryCurrent("guess-1");
  await expect(form.getByRole("alert")).toHaveText("The current password is incorrect.");
  await page.unroute("**/settings/password");
  const body = (captured as Request).postDataBuffer()?.toString("utf8") ?? "";
  expect(body).toContain("guess-1");
  const port = new URL(baseURL as string).port;
  for (let i = 2; i < MAX; i++) {
    const reply = await replay(
      captured as Request,
      port,
      {},
      Buffer.from(body.replace("guess-1", `guess-${i}`)),
    );
    expect(reply.body).toContain("The current password is incorrect.");
  }
  for (let i = 0; i < 3; i++) {
    await tryCurrent(`guess-last-${i}`);
    await expect(form.getByRole("alert")).toContainText("Too many failed sign-in attempts");
    await extendLockout(user.email);
  }
  // The right one, while the lockout lasts, changes nothing.
  await tryCurrent(user.password);
  await expect(form.getByRole("alert")).toContainText("Too many failed sign-in attempts");
  expect((await db.user.findUniqueOrThrow({ where: { id: userId } })).passwordHash).toBe(before);
  expect(
    await db.auditEvent.count({ where: { targetUserId: userId, action: "password.change_failed" } }),
  ).toBe(MAX);
});

test(`sign-up is limited to ${SIGNUPS} an hour per address, taken emails included`, async ({
  openDevice,
  baseURL,
}) => {
  const { page } = await openDevice();
  const taken = newCredentials();
  await createAccount(taken);
  const fill = async (email: string) => {
    const creds = newCredentials();
    await page.context().clearCookies();
    await page.goto("/signup");
    await page.getByLabel("Name").fill(creds.name);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(creds.password);
  };
  const attempt = async (email: string) => {
    await fill(email);
    await page.getByRole("button", { name: "Create account" }).click();
  };
  const alert = page.getByRole("form", { name: "Create account" }).getByRole("alert");
  await attempt(taken.email);
  await expect(alert).toContainText("already exists");

  // The sign-ups that fit go by hand: the form's post, made once in the browser and
  // stopped before it left, sent again from the same address with other emails.
  const marker = newCredentials().email;
  let captured: Request | undefined;
  await page.route("**/signup", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    captured = route.request();
    await route.abort();
  });
  await fill(marker);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect.poll(() => captured).toBeDefined();
  await page.unroute("**/signup");
  const body = (captured as Request).postDataBuffer()?.toString("utf8") ?? "";
  expect(body).toContain(marker);
  const port = new URL(baseURL as string).port;
  const admitted = Array.from({ length: SIGNUPS - 1 }, () => newCredentials().email);
  for (const email of admitted) {
    const reply = await replay(captured as Request, port, {}, Buffer.from(body.replace(marker, email)));
    expect(
      reply.cookies.some((c) => c.includes("session-token=")),
      email,
    ).toBe(true);
  }
  expect(await db.user.count({ where: { email: { in: admitted } } })).toBe(SIGNUPS - 1);

  const refused = newCredentials().email;
  await attempt(refused);
  await expect(alert).toContainText("Too many new accounts");
  await attempt(taken.email);
  await expect(alert).toContainText("Too many new accounts");
  expect(await db.user.count({ where: { email: { in: [refused, marker] } } })).toBe(0);
});

test("attempts refused by a lockout are counted, not written one row each", async ({
  openDevice,
  baseURL,
}) => {
  const { page, ip } = await openDevice();
  const email = newCredentials().email;
  const post = await signInPost(page, email, new URL(baseURL as string).port);
  // All but the last by hand, one after another from the device's address; the last in the browser.
  for (let i = 0; i < MAX + 14; i++) {
    expect((await post(`wrong-${i}`, ip)).status).toBeLessThan(500);
    if (i === MAX - 1) await extendLockout(email);
  }
  await fillSignIn(page, email, "wrong-last");
  await submitSignIn(page);
  await expect(page.getByRole("form", { name: "Sign in", exact: true }).getByRole("alert")).toContainText(
    "Too many failed sign-in attempts",
  );
  const throttled = await db.auditEvent.findMany({ where: { action: "login.throttled" } });
  const mine = throttled.filter((e) => (e.details as { email?: string } | null)?.email === email);
  // 15 refused attempts: an event at the first and at the tenth.
  expect(mine.map((e) => (e.details as { refused: number }).refused)).toEqual([1, 10]);
});
