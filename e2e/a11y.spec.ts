import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { db } from "@/lib/db/client";
import { newSecret } from "@/lib/two-factor/totp";
import { adminAndUser, expect, test } from "./fixtures";

async function seriousViolations(page: Page) {
  // Every rule still runs; axe just skips collecting the nodes that pass, which is most of its time.
  const { violations } = await new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help}`);
}

// One test per page: axe takes seconds per page on a loaded machine, and seven in one test neared its timeout.
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
  test(`signed-out page ${path} has no serious accessibility violations`, async ({ page }) => {
    await page.goto(path);
    expect(await seriousViolations(page), path).toEqual([]);
  });
}

for (const path of [
  "/dashboard",
  "/devices",
  "/settings/password",
  "/settings/email",
  "/settings/passkeys",
  "/settings/activity",
  "/settings/two-factor",
  "/settings/account",
]) {
  test(`signed-in page ${path} has no serious accessibility violations`, async ({ fastDevicesOf }) => {
    // On /devices, a second device, so it lists one that is not this one.
    const [mac] =
      path === "/devices"
        ? await fastDevicesOf(["chromeMac", "firefoxWindows"])
        : await fastDevicesOf(["chromeMac"]);
    await mac.page.goto(path);
    expect(await seriousViolations(mac.page), path).toEqual([]);
  });
}

// One test per page and per dialog, as above.
for (const page of ["/admin/sessions", "/admin/sessions?email=", "/admin/audit", "/admin/mail"]) {
  test(`admin page ${page} has no serious accessibility violations`, async ({ admin, user, openDevice }) => {
    const { adminDevice } = await adminAndUser(openDevice, admin, user);
    // The filtered table lists the user's session, with its buttons.
    const path = page.endsWith("=") ? `${page}${encodeURIComponent(user.email)}` : page;
    await adminDevice.page.goto(path);
    expect(await seriousViolations(adminDevice.page), path).toEqual([]);
  });
}

const DIALOGS: [string, (page: Page) => ReturnType<Page["getByRole"]>][] = [
  ["Revoke", (page) => page.getByRole("table").getByRole("button", { name: "Revoke" }).first()],
  ["Revoke all sessions", (page) => page.getByRole("button", { name: "Revoke all sessions" })],
  ["Lock account", (page) => page.getByRole("button", { name: "Lock account" })],
  ["End every session", (page) => page.getByRole("button", { name: "End every session" })],
  ["Delete account", (page) => page.getByRole("button", { name: "Delete account" })],
];
for (const [name, button] of DIALOGS) {
  test(`the admin console's "${name}" confirmation dialog has no serious accessibility violations`, async ({
    admin,
    user,
    openDevice,
  }) => {
    const { adminDevice } = await adminAndUser(openDevice, admin, user);
    const page = adminDevice.page;
    await page.goto(`/admin/sessions?email=${encodeURIComponent(user.email)}`);
    await button(page).click();
    await expect(page.getByRole("dialog")).toBeVisible();
    expect(await seriousViolations(page), `${name} dialog`).toEqual([]);
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog")).toHaveCount(0);
  });
}

test('the "Confirm it\'s you" dialog, with a password and a code to choose from, has no serious violations', async ({
  fastDevicesOf,
  user,
}) => {
  const [mac, windows] = await fastDevicesOf(["chromeMac", "firefoxWindows"]);
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
  const { adminDevice } = await adminAndUser(openDevice, admin, user);
  const page = adminDevice.page;
  await page.goto(`/admin/sessions?email=${encodeURIComponent(user.email)}`);
  expect(await seriousViolations(page), "/admin/sessions?email=").toEqual([]);
  await page.getByLabel("Reason").fill("Accessibility check");
  await page.getByRole("button", { name: "Sign in as user" }).click();
  await expect(page.getByRole("region", { name: "Impersonation" })).toBeVisible();
  expect(await seriousViolations(page), "/dashboard while impersonating").toEqual([]);
});

test("the header's menu on a phone, open, has no serious accessibility violations", async ({
  fastSignedIn,
}) => {
  const page = fastSignedIn.page;
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/dashboard");
  await page.getByRole("navigation", { name: "Main" }).locator("summary", { hasText: "Menu" }).click();
  await expect(page.getByRole("group", { name: "Security" })).toBeVisible();
  expect(await seriousViolations(page), "/dashboard with the menu open").toEqual([]);
});
