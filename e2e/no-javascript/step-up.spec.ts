// "Confirm it's you" and confirmations as server-rendered pages: switching
// between password and code, and "Cancel", are posts that change nothing.
import { db } from "@/lib/db/client";
import { confirmInDialog, expect, newCredentials, test } from "../fixtures";
import { pastStepUpWindow, totpCode, withAuthenticator } from "../helpers/step-up";

test("switch 'Confirm it's you' to an authentication code and back, then confirm with the code", async ({
  fastDevicesOf,
  user,
}) => {
  const [mac, windows] = await fastDevicesOf(["chromeMac", "firefoxWindows"]);
  const secret = await withAuthenticator(user.email);
  await pastStepUpWindow(user.email);
  const page = mac.page;
  await page.goto("/devices");
  await page.getByRole("button", { name: "Sign out all other devices" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm it's you" });
  await dialog.getByRole("button", { name: "Use an authentication code instead" }).click();
  await expect(dialog.getByLabel("Password")).toHaveCount(0);
  await dialog.getByRole("button", { name: "Use your password instead" }).click();
  await expect(dialog.getByLabel("Authentication code")).toHaveCount(0);
  await dialog.getByRole("button", { name: "Use an authentication code instead" }).click();
  await dialog.getByLabel("Authentication code").fill(await totpCode(secret));
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByRole("status")).toHaveText("1 other device was signed out.");
  await windows.page.goto("/dashboard");
  await expect(windows.page).toHaveURL(/\/login/);
});

test("'Cancel' in 'Confirm it's you' leads back to the page, and nothing happened", async ({
  fastDevicesOf,
  user,
}) => {
  const [mac, windows] = await fastDevicesOf(["chromeMac", "firefoxWindows"]);
  await pastStepUpWindow(user.email);
  const page = mac.page;
  await page.goto("/devices");
  await page.getByRole("button", { name: `Revoke ${windows.label}` }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm it's you" });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Active devices" })).toBeVisible();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole("listitem").filter({ hasText: windows.ip })).toHaveCount(1);
  await windows.page.goto("/dashboard");
  await expect(windows.page).toHaveURL(/\/dashboard$/);
});

test("'Cancel' in a confirmation (lock an account) leads back to the page, and nothing happened", async ({
  admin,
  openDevice,
}) => {
  const target = newCredentials();
  const adminDevice = await openDevice();
  await adminDevice.startSession(admin);
  await (await openDevice("firefoxWindows")).startSession(target);
  const page = adminDevice.page;
  await page.goto(`/admin/sessions?email=${encodeURIComponent(target.email)}`);
  await page.getByRole("button", { name: "Lock account" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Reason").fill("Not after all");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Lock account" })).toBeVisible();
  // The filter stayed: the same page came back.
  await expect(page).toHaveURL(/email=/);
  const locked = await db.user.findUniqueOrThrow({ where: { email: target.email } });
  expect(locked.lockedAt).toBeNull();
  // And the confirmation still works after a cancel.
  await page.getByRole("button", { name: "Lock account" }).click();
  await confirmInDialog(page, "Lock account", { Reason: "After all" });
  await expect(page.getByRole("status")).toContainText(`Locked ${target.email}`);
});
