import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { db } from "@/lib/db/client";
import { newSecret } from "@/lib/two-factor/totp";
import { adminAndUser, expect, test } from "./fixtures";

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help}`);
}

test("signed-out pages have no serious accessibility violations", async ({ page }) => {
  // A link page with a token that does not work shows its explanation: checked as such.
  for (const path of [
    "/",
    "/login",
    "/signup",
    "/forgot-password",
    "/reset-password?token=x",
    "/not-me?token=x",
    "/login/two-factor",
  ]) {
    await page.goto(path);
    expect(await seriousViolations(page), path).toEqual([]);
  }
});

test("signed-in pages have no serious accessibility violations", async ({ signedIn, user, openDevice }) => {
  const other = await openDevice("firefoxWindows");
  await other.signIn(user);
  for (const path of [
    "/dashboard",
    "/devices",
    "/settings/password",
    "/settings/email",
    "/settings/passkeys",
    "/settings/activity",
    "/settings/two-factor",
  ]) {
    await signedIn.page.goto(path);
    expect(await seriousViolations(signedIn.page), path).toEqual([]);
  }
});

test("admin pages and their confirmation dialogs have no serious accessibility violations", async ({
  admin,
  user,
  openDevice,
}) => {
  const { adminDevice } = await adminAndUser(openDevice, admin, user);
  const page = adminDevice.page;
  const filtered = `/admin/sessions?email=${encodeURIComponent(user.email)}`;
  for (const path of ["/admin/sessions", filtered, "/admin/audit", "/admin/mail"]) {
    await page.goto(path);
    expect(await seriousViolations(page), path).toEqual([]);
  }
  await page.goto(filtered);
  const dialogs: [string, () => ReturnType<Page["getByRole"]>][] = [
    ["Revoke", () => page.getByRole("table").getByRole("button", { name: "Revoke" }).first()],
    ["Revoke all sessions", () => page.getByRole("button", { name: "Revoke all sessions" })],
    ["Lock account", () => page.getByRole("button", { name: "Lock account" })],
    ["End every session", () => page.getByRole("button", { name: "End every session" })],
  ];
  for (const [name, button] of dialogs) {
    await button().click();
    await expect(page.getByRole("dialog")).toBeVisible();
    expect(await seriousViolations(page), `${name} dialog`).toEqual([]);
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog")).toHaveCount(0);
  }
});

test('the "Confirm it\'s you" dialog, with a password and a code to choose from, has no serious violations', async ({
  devicesOf,
  user,
}) => {
  const [mac, windows] = await devicesOf(["chromeMac", "firefoxWindows"]);
  const { sealed } = await newSecret();
  const owner = await db.user.update({ where: { email: user.email }, data: { totpSecret: sealed } });
  await db.session.updateMany({
    where: { userId: owner.id },
    data: { authTime: new Date(Date.now() - 11 * 60_000) },
  });
  await mac.page.goto("/devices");
  await mac.page.getByRole("button", { name: `Revoke ${windows.label}` }).click();
  const dialog = mac.page.getByRole("dialog", { name: "Confirm it's you" });
  await expect(dialog.getByLabel("Password")).toBeVisible();
  expect(await seriousViolations(mac.page)).toEqual([]);
  await dialog.getByRole("button", { name: "Use an authentication code instead" }).click();
  await expect(dialog.getByLabel("Authentication code")).toBeVisible();
  expect(await seriousViolations(mac.page)).toEqual([]);
});

test("the admin console's 'Sign in as user' form and the impersonation banner have no serious accessibility violations", async ({
  admin,
  user,
  openDevice,
}) => {
  const adminDevice = await openDevice();
  const userDevice = await openDevice("firefoxWindows");
  await adminDevice.signIn(admin);
  await userDevice.signUp(user);
  const page = adminDevice.page;
  await page.goto(`/admin/sessions?email=${encodeURIComponent(user.email)}`);
  expect(await seriousViolations(page), "/admin/sessions?email=").toEqual([]);
  await page.getByLabel("Reason").fill("Accessibility check");
  await page.getByRole("button", { name: "Sign in as user" }).click();
  await expect(page.getByRole("region", { name: "Impersonation" })).toBeVisible();
  expect(await seriousViolations(page), "/dashboard while impersonating").toEqual([]);
});
