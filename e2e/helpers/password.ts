import { type Device, expect } from "../fixtures";

/** Changes the password on /settings/password of `origin`; returns the new one. */
export async function changePassword(device: Device, origin: string, current: string): Promise<string> {
  const next = `${current}-new`;
  await device.page.goto(`${origin}/settings/password`);
  await device.page.getByLabel("Current password").fill(current);
  await device.page.getByLabel("New password").fill(next);
  await device.page.getByRole("button", { name: "Change password" }).click();
  await expect(device.page.getByRole("status")).toContainText("Password changed.");
  return next;
}
