// The core forms in a browser with JavaScript turned off (project
// "no-javascript"): every button posts a real form, and where a sensitive
// action asks "Confirm it's you" or a confirmation, the answer is a
// server-rendered page with that form, after which the action completes.
import { db } from "@/lib/db/client";
import { expect, newCredentials, test } from "../fixtures";
import { pastStepUpWindow } from "../helpers/step-up";

test.beforeEach(async ({ page }) => {
  // The page's own scripts never ran (Playwright's evaluate still works): the inline one that feeds React sets __next_f.
  await page.goto("/login");
  expect(await page.evaluate(() => "__next_f" in window)).toBe(false);
});

test("sign in with the form, then sign out", async ({ openDevice, user }) => {
  const setup = await openDevice("firefoxWindows");
  await setup.startSession(user);
  const device = await openDevice();
  const page = device.page;
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText(/email or password/i);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByText(`Signed in as ${user.email}`)).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
});

test("revoke a device: after 'Confirm it's you' on a server-rendered page, the device is signed out", async ({
  fastDevicesOf,
  user,
}) => {
  const [mac, windows] = await fastDevicesOf(["chromeMac", "firefoxWindows"]);
  await pastStepUpWindow(user.email);
  const page = mac.page;
  await page.goto("/devices");
  await page.getByRole("button", { name: `Revoke ${windows.label}` }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm it's you" });
  await expect(dialog).toBeVisible();
  // A wrong password: asked again, with the reason, and nothing happened.
  await dialog.getByLabel("Password").fill("not the password");
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog.getByRole("alert")).toContainText("The password is incorrect.");
  await expect(page.getByRole("listitem").filter({ hasText: windows.ip })).toHaveCount(1);
  await dialog.getByLabel("Password").fill(user.password);
  await dialog.getByRole("button", { name: "Confirm" }).click();
  // The page that comes back lists the device no more, and says above the list what happened
  // (the answer beside the button would have gone with the row).
  await expect(page.getByRole("heading", { level: 1, name: "Active devices" })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText("The device was signed out.");
  await expect(page.getByRole("listitem").filter({ hasText: windows.ip })).toHaveCount(0);
  expect(await db.session.count({ where: { user: { email: user.email }, ip: windows.ip } })).toBe(0);
  await windows.page.goto("/dashboard");
  await expect(windows.page).toHaveURL(/\/login/);
});

test("sign out all other devices, through 'Confirm it's you'", async ({ fastDevicesOf, user }) => {
  const [mac, windows, phone] = await fastDevicesOf(["chromeMac", "firefoxWindows", "safariIphone"]);
  await pastStepUpWindow(user.email);
  const page = mac.page;
  await page.goto("/devices");
  await page.getByRole("button", { name: "Sign out all other devices" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm it's you" });
  await dialog.getByLabel("Password").fill(user.password);
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByRole("status")).toHaveText("2 other devices were signed out.");
  await page.goto("/devices");
  await expect(page.getByRole("listitem")).toHaveCount(1);
  for (const other of [windows, phone]) {
    await other.page.goto("/dashboard");
    await expect(other.page).toHaveURL(/\/login/);
  }
});

test("change the password: the other devices are signed out and the new password signs in", async ({
  fastDevicesOf,
  user,
  openDevice,
}) => {
  const [mac, windows] = await fastDevicesOf(["chromeMac", "firefoxWindows"]);
  const page = mac.page;
  const next = newCredentials().password;
  await page.goto("/settings/password");
  await page.getByLabel("Current password").fill(user.password);
  await page.getByLabel("New password").fill(next);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status").filter({ hasText: /changed/i })).toBeVisible();
  await windows.page.goto("/dashboard");
  await expect(windows.page).toHaveURL(/\/login/);
  const later = await openDevice("safariIphone");
  await later.signIn({ email: user.email, password: next });
});

test("a confirmation (lock an account with a reason) is a server-rendered page, then the action completes", async ({
  admin,
  openDevice,
}) => {
  const target = newCredentials();
  const adminDevice = await openDevice();
  await adminDevice.startSession(admin);
  const other = await openDevice("firefoxWindows");
  await other.startSession(target);
  const page = adminDevice.page;
  await page.goto(`/admin/sessions?email=${encodeURIComponent(target.email)}`);
  await page.getByRole("button", { name: "Lock account" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Reason").fill("Checked without JavaScript");
  await dialog.getByRole("button", { name: "Lock account", exact: true }).click();
  // The page that comes back offers the opposite (the answer stayed with the button it replaced).
  await expect(page.getByRole("button", { name: "Unlock account" })).toBeVisible();
  expect((await db.user.findUniqueOrThrow({ where: { email: target.email } })).lockedReason).toBe(
    "Checked without JavaScript",
  );
});
