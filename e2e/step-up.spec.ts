// Step-up: ending sessions and admin actions need an authentication newer than
// STEP_UP_MAX_AGE_SECONDS (600 here). Time is moved in the database: the
// session's authTime is set 11 minutes back, as if the sign-in were that old.
import { generate } from "otplib";
import { db } from "@/lib/db/client";
import { newSecret } from "@/lib/two-factor/totp";
import { confirmInDialog, type Device, expect, test } from "./fixtures";

const code = (secret: string, stepsAhead: number) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + stepsAhead * 30 });

async function edgeClaims(device: Device) {
  return (await device.page.request.get("/api/session/edge")).json() as Promise<{
    sid: string;
    auth_time?: number;
    amr?: string[];
  }>;
}

/** Makes this device's sign-in 11 minutes old. */
async function ageSignIn(device: Device): Promise<string> {
  const { sid } = await edgeClaims(device);
  await db.session.update({ where: { id: sid }, data: { authTime: new Date(Date.now() - 11 * 60_000) } });
  return sid;
}

const dialog = (device: Device) => device.page.getByRole("dialog", { name: "Confirm it's you" });

test("eleven minutes after sign-in, revoking a device asks for the password first, then happens without a second click", async ({
  fastDevicesOf,
  user,
}) => {
  const [mac, windows] = await fastDevicesOf(["chromeMac", "firefoxWindows"]);
  const before = await edgeClaims(mac);
  expect(before.amr).toEqual(["pwd"]);
  const sid = await ageSignIn(mac);
  await mac.page.goto("/devices");
  await expect(mac.page.getByRole("listitem").first()).toContainText("This device");
  await mac.page.getByRole("button", { name: `Revoke ${windows.label}` }).click();
  await expect(dialog(mac)).toBeVisible();
  expect(await db.session.count({ where: { user: { email: user.email } } })).toBe(2);

  await dialog(mac).getByLabel("Password").fill("not-the-password");
  await dialog(mac).getByRole("button", { name: "Confirm" }).click();
  await expect(dialog(mac).getByRole("alert")).toHaveText("The password is incorrect.");
  expect(await db.session.count({ where: { user: { email: user.email } } })).toBe(2);

  await dialog(mac).getByLabel("Password").fill(user.password);
  await dialog(mac).getByRole("button", { name: "Confirm" }).click();
  await expect(dialog(mac)).toHaveCount(0);
  await expect(mac.page.getByRole("listitem").filter({ hasText: windows.ip })).toHaveCount(0);
  await windows.page.goto("/dashboard");
  await expect(windows.page).toHaveURL(/\/login/);

  // The edge token carries the new authentication time.
  const after = await edgeClaims(mac);
  expect(after.auth_time).toBeGreaterThan(Math.floor(Date.now() / 1000) - 60);
  const events = await db.auditEvent.findMany({ where: { sessionId: sid }, select: { action: true } });
  expect(events.map((e) => e.action)).toEqual(
    expect.arrayContaining(["session.reauthentication_failed", "session.reauthenticated"]),
  );
});

test("a session cookie copied to another browser cannot end the owner's sessions or change the password", async ({
  fastDevicesOf,
  browser,
  user,
}) => {
  const [owner, phone] = await fastDevicesOf(["chromeMac", "safariIphone"]);
  await ageSignIn(owner);
  const thief = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "203.0.113.66" } });
  await thief.addCookies(await owner.context.cookies());
  const page = await thief.newPage();
  await page.goto("/devices");
  await expect(page.getByRole("heading", { name: "Active devices" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out all other devices" }).click();
  await expect(page.getByRole("dialog", { name: "Confirm it's you" })).toBeVisible();
  await page.goto("/settings/password");
  await page.getByLabel("Current password").fill("guessed-password");
  await page.getByLabel("New password").fill("thiefs-new-password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "current password is incorrect" })).toBeVisible();
  expect(await db.session.count({ where: { user: { email: user.email } } })).toBe(2);
  await phone.page.goto("/dashboard");
  await expect(phone.page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await thief.close();
});

test("an administrator's action needs a recent authentication too", async ({ admin, openDevice, user }) => {
  const [target, adminDevice] = [await openDevice("safariIphone"), await openDevice("chromeMac")];
  await target.startSession(user);
  await adminDevice.startSession(admin);
  await ageSignIn(adminDevice);
  await adminDevice.page.goto(`/admin/sessions?email=${encodeURIComponent(user.email)}`);
  await adminDevice.page.getByRole("button", { name: "Lock account" }).click();
  await confirmInDialog(adminDevice.page, "Lock account", { Reason: "Step-up test" });
  await expect(dialog(adminDevice)).toBeVisible();
  expect((await db.user.findUniqueOrThrow({ where: { email: user.email } })).lockedAt).toBeNull();
  await dialog(adminDevice).getByLabel("Password").fill(admin.password);
  await dialog(adminDevice).getByRole("button", { name: "Confirm" }).click();
  await expect(adminDevice.page.getByRole("status")).toContainText(`Locked ${user.email}`);
  expect((await db.user.findUniqueOrThrow({ where: { email: user.email } })).lockedAt).not.toBeNull();
});

test("with an authenticator app, the dialog also takes a code; a wrong or reused code is refused and counted", async ({
  fastDevicesOf,
  user,
}) => {
  const [mac, windows, phone] = await fastDevicesOf(["chromeMac", "firefoxWindows", "safariIphone"]);
  const { secret, sealed } = await newSecret();
  await db.user.update({
    where: { email: user.email },
    data: { totpSecret: sealed, totpEnabledAt: new Date() },
  });
  const sid = await ageSignIn(mac);
  await mac.page.goto("/devices");
  await mac.page.getByRole("button", { name: `Revoke ${windows.label}` }).click();
  await dialog(mac).getByRole("button", { name: "Use an authentication code instead" }).click();
  await dialog(mac)
    .getByLabel("Authentication code")
    .fill(await code(secret, 10));
  await dialog(mac).getByRole("button", { name: "Confirm" }).click();
  await expect(dialog(mac).getByRole("alert")).toContainText("That code is not right");
  const accepted = await code(secret, 0);
  await dialog(mac).getByLabel("Authentication code").fill(accepted);
  await dialog(mac).getByRole("button", { name: "Confirm" }).click();
  await expect(dialog(mac)).toHaveCount(0);
  await expect(mac.page.getByRole("listitem").filter({ hasText: windows.ip })).toHaveCount(0);
  expect((await edgeClaims(mac)).amr).toEqual(["pwd", "otp"]);

  // The same code cannot confirm again, on this device or another.
  await ageSignIn(mac);
  await mac.page.getByRole("button", { name: `Revoke ${phone.label}` }).click();
  await dialog(mac).getByRole("button", { name: "Use an authentication code instead" }).click();
  await dialog(mac).getByLabel("Authentication code").fill(accepted);
  await dialog(mac).getByRole("button", { name: "Confirm" }).click();
  await expect(dialog(mac).getByRole("alert")).toContainText("used already");
  expect(await db.session.count({ where: { user: { email: user.email } } })).toBe(2);
  const failures = await db.auditEvent.count({
    where: { sessionId: sid, action: "session.reauthentication_failed" },
  });
  expect(failures).toBe(2);
});

test("changing the password is a confirmation too: right after it, ending a session asks nothing", async ({
  fastDevicesOf,
  user,
}) => {
  const [mac, windows] = await fastDevicesOf(["chromeMac", "firefoxWindows"]);
  await ageSignIn(mac);
  await mac.page.goto("/settings/password");
  await mac.page.getByLabel("Current password").fill(user.password);
  await mac.page.getByLabel("New password").fill(`${user.password}-2`);
  await mac.page.getByRole("button", { name: "Change password" }).click();
  await expect(mac.page.getByRole("status")).toContainText("Password changed");
  expect((await edgeClaims(mac)).auth_time).toBeGreaterThan(Math.floor(Date.now() / 1000) - 60);
  await windows.signIn({ email: user.email, password: `${user.password}-2` });
  await mac.revoke(windows);
  await expect(dialog(mac)).toHaveCount(0);
});

test("an account with nothing this app can check (no password, app, passkey or OpenID Connect provider) is not asked", async ({
  fastDevicesOf,
  user,
}) => {
  const [mac, windows] = await fastDevicesOf(["chromeMac", "firefoxWindows"]);
  await db.user.update({ where: { email: user.email }, data: { passwordHash: null } });
  await ageSignIn(mac);
  await mac.revoke(windows);
  await expect(dialog(mac)).toHaveCount(0);
});
