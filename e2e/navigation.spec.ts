// The header and the settings and admin navigation: few links in the bar, the
// rest grouped a level down; on a phone one short bar whose Menu (a <details>
// disclosure, so it needs no JavaScript) opens every page, grouped.
import { adminAndUser, expect, test } from "./fixtures";

const PHONE = { width: 390, height: 844 };

test("on a phone the header is one short bar; its Menu opens every page in groups, with JavaScript or without", async ({
  fastSignedIn,
  browser,
}) => {
  const page = fastSignedIn.page;
  await page.setViewportSize(PHONE);
  await page.goto("/dashboard");
  const bar = page.getByRole("navigation", { name: "Main" });
  // One line: the brand, "Menu" and "Sign out" (ten links once took four lines before any content).
  expect((await bar.boundingBox())?.height).toBeLessThanOrEqual(64);
  await expect(bar.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(bar.getByRole("link", { name: "Password" })).toBeHidden();

  await bar.locator("summary", { hasText: "Menu" }).click();
  for (const group of ["Overview", "Account", "Security", "Devices", "Activity"])
    await expect(bar.getByRole("group", { name: group })).toBeVisible();
  await expect(bar.getByRole("group", { name: "Admin" })).toHaveCount(0);
  await expect(bar.getByRole("group", { name: "Security" }).getByRole("link")).toHaveText([
    "Password",
    "Two-factor",
    "Passkeys",
  ]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await bar.getByRole("link", { name: "Password" }).click();
  await expect(page).toHaveURL(/\/settings\/password$/);
  await expect(page.getByRole("heading", { level: 1, name: "Change password" })).toBeVisible();

  // The same menu in a browser with JavaScript turned off.
  const noScript = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
  try {
    await noScript.addCookies(await fastSignedIn.context.cookies());
    const plain = await noScript.newPage();
    await plain.goto("/dashboard");
    const plainBar = plain.getByRole("navigation", { name: "Main" });
    await plainBar.locator("summary", { hasText: "Menu" }).click();
    await plainBar.getByRole("link", { name: "Activity" }).click();
    await expect(plain.getByRole("heading", { level: 1, name: "Security activity" })).toBeVisible();
  } finally {
    await noScript.close();
  }
});

test("on a wide screen the bar has a few links, and settings and admin pages list theirs in groups, the open one marked", async ({
  admin,
  user,
  openDevice,
}) => {
  const { adminDevice } = await adminAndUser(openDevice, admin, user);
  const page = adminDevice.page;
  await page.goto("/settings/password");
  const bar = page.getByRole("navigation", { name: "Main" });
  await expect(bar.getByRole("link")).toHaveText([
    "Hybrid Auth",
    "Dashboard",
    "Devices",
    "Settings",
    "Admin",
  ]);
  await expect(bar.getByRole("link", { name: "Settings" })).toHaveAttribute("aria-current", "true");

  const settings = page.getByRole("navigation", { name: "Settings" });
  for (const [group, links] of [
    ["Account", ["Account", "Email"]],
    ["Security", ["Password", "Two-factor", "Passkeys"]],
    ["Devices", ["Devices"]],
    ["Activity", ["Activity"]],
  ] as const)
    await expect(settings.getByRole("group", { name: group }).getByRole("link")).toHaveText([...links]);
  await expect(settings.getByRole("link", { name: "Password" })).toHaveAttribute("aria-current", "page");
  await settings.getByRole("link", { name: "Devices" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Active devices" })).toBeVisible();
  // Devices is a settings page too, though its address is not under /settings.
  await expect(settings.getByRole("link", { name: "Devices" })).toHaveAttribute("aria-current", "page");

  await bar.getByRole("link", { name: "Admin" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sessions" })).toBeVisible();
  const adminNav = page.getByRole("navigation", { name: "Admin" });
  await expect(adminNav.getByRole("link")).toHaveText(["Sessions", "Audit log", "Mail"]);
  await adminNav.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  await expect(adminNav.getByRole("link", { name: "Audit log" })).toHaveAttribute("aria-current", "page");
});
