// /settings/account: "Delete account" (the email typed, step-up, every device
// signed out, a last mail) and "Download my data"; the administrator's "Delete
// account" with a reason; and what an administrator signed in as the user may
// not do. Every test has its own fresh accounts: each ends one.
import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { db } from "@/lib/db/client";
import { adminAndUser, type Credentials, confirmInDialog, type Device, expect, test } from "./fixtures";
import { waitForMail } from "./mail-sink";

const NOTICE = "Your account was deleted";

// Next's route announcer is an (empty) alert too.
const alertSaying = (page: Page, text: string) => page.getByRole("alert").filter({ hasText: text });

async function deleteOwnAccount(page: Page, typed: string) {
  await page.goto("/settings/account");
  await expect(page.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();
  await page.getByRole("button", { name: "Delete account" }).click();
  await confirmInDialog(page, "Delete account", { "Confirm email": typed });
}

async function signInAs(adminDevice: Device, user: Credentials) {
  const page = adminDevice.page;
  await page.goto(`/admin/sessions?email=${encodeURIComponent(user.email)}`);
  const form = page.getByRole("form", { name: `Sign in as ${user.email}` });
  await form.getByLabel("Reason").fill("Support ticket 28");
  await form.getByRole("button", { name: "Sign in as user" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

test("the owner deletes the account from one device: a wrong email changes nothing; the other device is signed out, the password no longer works, the last notice arrives", async ({
  fastDevicesOf,
  user,
}) => {
  const [mac, windows] = await fastDevicesOf(["chromeMac", "firefoxWindows"]);
  await deleteOwnAccount(mac.page, "someone-else@example.com");
  await expect(alertSaying(mac.page, "not this account's email")).toBeVisible();
  expect(await db.session.count({ where: { user: { email: user.email } } })).toBe(2);

  // Any case: an address is the same address.
  await deleteOwnAccount(mac.page, user.email.toUpperCase());
  await expect(mac.page).toHaveURL(/\/login\?deleted=1$/);
  await expect(mac.page.getByRole("status")).toContainText("account was deleted");
  expect(await db.user.count({ where: { email: user.email } })).toBe(0);

  await windows.page.goto("/dashboard");
  await expect(windows.page).toHaveURL(/\/login/);

  await mac.page.getByLabel("Email").fill(user.email);
  await mac.page.getByLabel("Password").fill(user.password);
  await mac.page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(alertSaying(mac.page, "The email or password is incorrect.")).toBeVisible();

  const notice = await waitForMail(user.email, NOTICE);
  expect(notice.text).toContain("at your request");
});

test('past the step-up window, Delete account asks "Confirm it\'s you" first and then deletes without another click', async ({
  fastSignedIn,
  user,
}) => {
  await db.session.updateMany({
    where: { user: { email: user.email } },
    data: { authTime: new Date(Date.now() - 11 * 60_000) },
  });
  await deleteOwnAccount(fastSignedIn.page, user.email);
  const stepUp = fastSignedIn.page.getByRole("dialog", { name: "Confirm it's you" });
  await expect(stepUp).toBeVisible();
  expect(await db.user.count({ where: { email: user.email } })).toBe(1);
  await stepUp.getByLabel("Password").fill(user.password);
  await stepUp.getByRole("button", { name: "Confirm" }).click();
  await expect(fastSignedIn.page).toHaveURL(/\/login\?deleted=1$/);
  expect(await db.user.count({ where: { email: user.email } })).toBe(0);
});

test("Download my data is a JSON attachment with the user's sessions and no secret", async ({
  fastDevicesOf,
  user,
}) => {
  const [mac, windows] = await fastDevicesOf(["chromeMac", "firefoxWindows"]);
  await mac.page.goto("/settings/account");
  const [download] = await Promise.all([
    mac.page.waitForEvent("download"),
    mac.page.getByRole("link", { name: "Download my data" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^my-data-\d{4}-\d{2}-\d{2}\.json$/);
  const text = await readFile(await download.path(), "utf8");
  const data = JSON.parse(text) as {
    profile: { email: string };
    sessions: { deviceLabel: string; ip: string; signInMethod: string }[];
  };
  expect(data.profile.email).toBe(user.email);
  expect(data.sessions.map((s) => [s.deviceLabel, s.ip, s.signInMethod]).sort()).toEqual(
    [
      [mac.label, mac.ip, "Password"],
      [windows.label, windows.ip, "Password"],
    ].sort(),
  );
  const owner = await db.user.findUniqueOrThrow({ where: { email: user.email } });
  expect(text).not.toContain(owner.passwordHash ?? "no hash");

  const response = await mac.page.request.get("/settings/account/export");
  expect(response.headers()["content-type"]).toContain("application/json");
  expect(response.headers()["content-disposition"]).toMatch(/^attachment; filename="my-data-/);
});

test("an administrator deletes an account with a reason: the user's device is signed out and the reason audited", async ({
  admin,
  user,
  openDevice,
}) => {
  const { adminDevice, userDevice } = await adminAndUser(openDevice, admin, user);
  const userId = (await db.user.findUniqueOrThrow({ where: { email: user.email } })).id;
  const page = adminDevice.page;
  await page.goto(`/admin/sessions?email=${encodeURIComponent(user.email)}`);
  await page.getByRole("button", { name: "Delete account" }).click();
  await confirmInDialog(page, "Delete account", { Reason: "Asked for it by mail, ticket 77" });
  await expect(page.getByText(`No account matches “${user.email}”.`)).toBeVisible();

  const event = await db.auditEvent.findFirstOrThrow({
    where: { action: "user.deleted", targetUserId: userId },
  });
  expect(event.details).toEqual({ by: "admin", reason: "Asked for it by mail, ticket 77" });
  await userDevice.page.goto("/dashboard");
  await expect(userDevice.page).toHaveURL(/\/login/);
  expect((await waitForMail(user.email, NOTICE)).text).toContain("by an administrator");
});

test("an administrator signed in as the user can neither delete the account nor download its data, nor delete it from the console meanwhile", async ({
  admin,
  user,
  openDevice,
}) => {
  const { adminDevice } = await adminAndUser(openDevice, admin, user);
  const userId = (await db.user.findUniqueOrThrow({ where: { email: user.email } })).id;
  await signInAs(adminDevice, user);

  await deleteOwnAccount(adminDevice.page, user.email);
  await expect(alertSaying(adminDevice.page, "Not while you are signed in as this user")).toBeVisible();
  const download = await adminDevice.page.request.get("/settings/account/export");
  expect(download.status()).toBe(403);
  expect(download.headers()["content-disposition"]).toBeUndefined();
  const refused = await db.auditEvent.findMany({
    where: { action: "impersonation.refused", targetUserId: userId },
    select: { details: true },
  });
  expect(refused.map((e) => (e.details as { page?: string }).page)).toEqual(
    expect.arrayContaining(["/settings/account", "/settings/account/export"]),
  );

  // The same administrator, from another browser of their own.
  const ownBrowser = await openDevice("edgeWindows");
  await ownBrowser.startSession(admin);
  await ownBrowser.page.goto(`/admin/sessions?email=${encodeURIComponent(user.email)}`);
  await ownBrowser.page.getByRole("button", { name: "Delete account" }).click();
  await confirmInDialog(ownBrowser.page, "Delete account", { Reason: "Cleaning up" });
  await expect(alertSaying(ownBrowser.page, "stop impersonating")).toBeVisible();
  expect(await db.user.count({ where: { id: userId } })).toBe(1);
});
