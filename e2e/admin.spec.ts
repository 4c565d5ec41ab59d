import type { Request } from "@playwright/test";
import { db } from "@/lib/db/client";
import { formatTime } from "@/lib/ui/format";
import { confirmInDialog, createAccount, type Device, expect, newCredentials, test } from "./fixtures";

const WRONG = "The email or password is incorrect.";

async function openAdminConsole(device: Device, email: string) {
  await device.page.goto(`/admin/sessions?email=${encodeURIComponent(email)}`);
  await expect(device.page.getByRole("heading", { level: 1, name: "Sessions" })).toBeVisible();
  // Session rows only: the empty table's one row names the email too.
  return device.page
    .getByRole("table")
    .getByRole("row")
    .filter({ hasText: email })
    .filter({ has: device.page.getByRole("button", { name: "Revoke" }) });
}

async function expectSignedOut(device: Device) {
  await device.page.goto("/dashboard");
  await expect(device.page).toHaveURL(/\/login\?next=%2Fdashboard$/);
}

test("an admin sees a user's session and revokes it; the user's next page is /login", async ({
  admin,
  user,
  openDevice,
}) => {
  const adminDevice = await openDevice("chromeMac");
  const u = await openDevice("firefoxWindows");
  await adminDevice.startSession(admin);
  await u.startSession(user);

  const rows = await openAdminConsole(adminDevice, user.email);
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText("Firefox on Windows");
  await expect(rows).toContainText(u.ip);
  await rows.getByRole("button", { name: "Revoke" }).click();
  // Nothing happens until the dialog is confirmed; Cancel leaves the session alone.
  await adminDevice.page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  await expect(adminDevice.page.getByRole("dialog")).toHaveCount(0);
  await expect(rows).toHaveCount(1);
  await rows.getByRole("button", { name: "Revoke" }).click();
  await expect(adminDevice.page.getByRole("dialog")).toContainText(user.email);
  await confirmInDialog(adminDevice.page, "Revoke");
  await expect(rows).toHaveCount(0);

  await expectSignedOut(u);
  await adminDevice.page.goto("/dashboard");
  await expect(adminDevice.page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
});

test("'Revoke all sessions' ends every device of the user", async ({ admin, user, openDevice }) => {
  const adminDevice = await openDevice();
  const devices = [
    await openDevice("firefoxWindows"),
    await openDevice("safariIphone"),
    await openDevice("edgeWindows"),
  ];
  await adminDevice.startSession(admin);
  await devices[0]!.startSession(user);
  for (const d of devices.slice(1)) await d.startSession(user);

  await expect(await openAdminConsole(adminDevice, user.email)).toHaveCount(3);
  await adminDevice.page.getByRole("button", { name: "Revoke all sessions" }).click();
  await confirmInDialog(adminDevice.page, "Revoke all sessions");
  await expect(adminDevice.page.getByRole("status")).toHaveText(`Revoked 3 sessions of ${user.email}.`);
  for (const d of devices) await expectSignedOut(d);
});

async function trySignIn(device: Device, email: string, password: string) {
  await device.page.goto("/login");
  await device.page.getByLabel("Email").fill(email);
  await device.page.getByLabel("Password").fill(password);
  await device.page.getByRole("button", { name: "Sign in", exact: true }).click();
  return device.page.getByRole("form", { name: "Sign in", exact: true }).getByRole("alert");
}

test("a locked account cannot sign in, and can again once unlocked", async ({ admin, user, openDevice }) => {
  const adminDevice = await openDevice();
  const u = await openDevice("firefoxWindows");
  await adminDevice.startSession(admin);
  await u.startSession(user);

  await openAdminConsole(adminDevice, user.email);
  await adminDevice.page.getByRole("button", { name: "Lock account" }).click();
  await confirmInDialog(adminDevice.page, "Lock account", { Reason: "Reported stolen laptop" });
  await expect(adminDevice.page.getByRole("status")).toHaveText(`Locked ${user.email} and ended 1 session.`);
  await expectSignedOut(u);

  // A wrong password learns nothing about the lock; only the right one is told.
  await expect(await trySignIn(u, user.email, "not-the-password")).toHaveText(WRONG);
  await expect(await trySignIn(u, user.email, user.password)).toHaveText(
    "This account is locked. Contact your administrator to have it unlocked.",
  );
  await expect(u.page).toHaveURL(/\/login/);

  // The locked user has no session left, yet stays findable so they can be unlocked.
  const accounts = adminDevice.page.getByRole("region", { name: "Accounts" });
  await openAdminConsole(adminDevice, user.email);
  await expect(accounts).toContainText("Reason: Reported stolen laptop.");
  await expect(accounts).toContainText(`Locked by ${admin.email}`);
  await expect(accounts).toContainText("until unlocked");
  await adminDevice.page.getByRole("button", { name: "Unlock account" }).click();
  await expect(adminDevice.page.getByRole("status")).toHaveText(`Unlocked ${user.email}.`);
  await u.signIn(user);

  await adminDevice.page.goto(`/admin/audit?email=${encodeURIComponent(user.email)}`);
  await expect(adminDevice.page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  const events = adminDevice.page.getByRole("table").getByRole("row");
  for (const action of ["account.locked", "account.unlocked", "login.failed"]) {
    await expect(events.filter({ hasText: action }).first()).toBeVisible();
  }
  await expect(events.filter({ hasText: "account.locked" })).toContainText(admin.email);
  // Newest first: the unlock comes above the lock.
  const text = (await adminDevice.page.getByRole("table").textContent()) ?? "";
  expect(text.indexOf("account.unlocked")).toBeLessThan(text.indexOf("account.locked"));
});

test("a timed lock tells the locked user until when, and lifts itself at that time", async ({
  admin,
  user,
  openDevice,
}) => {
  const adminDevice = await openDevice();
  const u = await openDevice("firefoxWindows");
  await adminDevice.startSession(admin);
  await u.startSession(user);

  // The form takes UTC, to the minute.
  const until = new Date(Math.ceil((Date.now() + 3600_000) / 60_000) * 60_000);
  await openAdminConsole(adminDevice, user.email);
  await adminDevice.page.getByRole("button", { name: "Lock account" }).click();
  await confirmInDialog(adminDevice.page, "Lock account", {
    Reason: "Suspicious payments",
    "Locked until": until.toISOString().slice(0, 16),
  });
  await expect(adminDevice.page.getByRole("status")).toHaveText(
    `Locked ${user.email} until ${formatTime(until)} and ended 1 session.`,
  );
  await expect(adminDevice.page.getByRole("region", { name: "Accounts" })).toContainText(
    `until ${formatTime(until)}`,
  );
  await expectSignedOut(u);
  await expect(await trySignIn(u, user.email, "not-the-password")).toHaveText(WRONG);
  await expect(await trySignIn(u, user.email, user.password)).toHaveText(
    `This account is locked until ${formatTime(until)}. Contact your administrator if you need it sooner.`,
  );

  // The clock reaches the end (moved in the database): nothing runs, the lock has lifted.
  await db.user.update({ where: { email: user.email }, data: { lockedUntil: new Date(Date.now() - 1000) } });
  await u.signIn(user);
  await openAdminConsole(adminDevice, user.email);
  const accounts = adminDevice.page.getByRole("region", { name: "Accounts" });
  await expect(accounts.getByRole("button", { name: "Lock account" })).toBeVisible();
  await expect(accounts).not.toContainText("Locked");
});

test("a lock needs a reason and an end in the future, checked by the server", async ({
  admin,
  user,
  openDevice,
}) => {
  const adminDevice = await openDevice();
  await adminDevice.startSession(admin);
  await createAccount(user);
  await openAdminConsole(adminDevice, user.email);
  const page = adminDevice.page;
  await page.getByRole("button", { name: "Lock account" }).click();
  // The browser holds back an empty reason; a blank one gets past it and is refused by the server.
  await confirmInDialog(page, "Lock account", { Reason: "   ", "Locked until": "2020-01-01T10:00" });
  await expect(page.getByRole("alert").filter({ hasText: "Say why the account is locked." })).toBeVisible();
  await page.getByRole("button", { name: "Lock account" }).click();
  await confirmInDialog(page, "Lock account", { Reason: "Late", "Locked until": "2020-01-01T10:00" });
  await expect(page.getByRole("alert").filter({ hasText: "must be in the future" })).toBeVisible();
  expect((await db.user.findUniqueOrThrow({ where: { email: user.email } })).lockedAt).toBeNull();
});

test("admin actions refuse what makes no sense, and change nothing", async ({ admin, openDevice }) => {
  const other = newCredentials();
  await createAccount(other, "admin");
  const adminDevice = await openDevice();
  await adminDevice.startSession(admin);
  await openAdminConsole(adminDevice, other.email);
  await adminDevice.page.getByRole("button", { name: "Lock account" }).click();
  await confirmInDialog(adminDevice.page, "Lock account", { Reason: "Testing" });
  await expect(
    adminDevice.page.getByRole("alert").filter({ hasText: "Administrators cannot be locked" }),
  ).toBeVisible();
  expect((await db.user.findUniqueOrThrow({ where: { email: other.email } })).lockedAt).toBeNull();
});

test("non-admins get the 403 page for every admin route", async ({ signedIn }) => {
  for (const path of ["/admin/sessions", "/admin/audit", "/admin/sessions?email=a"]) {
    const res = await signedIn.page.goto(path);
    expect(res?.status(), path).toBe(403);
    await expect(signedIn.page.getByRole("heading", { level: 1 })).toHaveText(
      "You do not have access to this page",
    );
  }
});

test("an admin server action posted by a non-admin changes nothing", async ({ admin, user, openDevice }) => {
  const adminDevice = await openDevice();
  const victim = await openDevice("firefoxWindows");
  const attacker = await openDevice("edgeWindows");
  await adminDevice.startSession(admin);
  await victim.startSession(user);
  const attackerCreds = newCredentials();
  await attacker.startSession(attackerCreds);

  // Capture the real "Lock account" post the admin's browser would send, but do not let it through.
  await openAdminConsole(adminDevice, user.email);
  let captured: Request | undefined;
  await adminDevice.page.route("**/admin/sessions*", async (route) => {
    if (route.request().method() === "POST") {
      captured = route.request();
      await route.abort();
    } else await route.continue();
  });
  await adminDevice.page.getByRole("button", { name: "Lock account" }).click();
  await confirmInDialog(adminDevice.page, "Lock account", { Reason: "Captured" });
  await expect.poll(() => captured).toBeDefined();

  // Replay it from the non-admin's browser, with their valid session and the right Origin.
  const headers = await captured!.allHeaders();
  const res = await attacker.page.request.post(captured!.url(), {
    headers: {
      "next-action": headers["next-action"]!,
      "content-type": headers["content-type"]!,
      origin: new URL(captured!.url()).origin,
      accept: "text/x-component",
    },
    data: captured!.postDataBuffer()!,
    maxRedirects: 0,
  });
  expect(res.status()).toBeLessThan(500);
  const row = await db.user.findUniqueOrThrow({ where: { email: user.email } });
  expect(row.lockedAt).toBeNull();
  await victim.page.goto("/dashboard");
  await expect(victim.page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  expect(await db.auditEvent.count({ where: { action: "account.locked", targetUserId: row.id } })).toBe(0);
});

test("an admin demoted while signed in is refused on the next admin request", async ({
  admin,
  openDevice,
}) => {
  const deputy = newCredentials();
  await createAccount(deputy, "admin");
  const chief = await openDevice();
  const d = await openDevice("firefoxWindows");
  await chief.startSession(admin);
  await d.startSession(deputy);
  await d.page.goto("/admin/sessions");
  await expect(d.page.getByRole("heading", { level: 1, name: "Sessions" })).toBeVisible();

  await openAdminConsole(chief, deputy.email);
  await chief.page.getByRole("button", { name: "Remove admin" }).click();
  await expect(chief.page.getByRole("status")).toHaveText(`${deputy.email} is now a user.`);

  // The deputy's edge token still says "admin" for up to a minute; the database says otherwise now.
  const res = await d.page.goto("/admin/sessions");
  expect(res?.status()).toBe(403);
  const audit = await db.auditEvent.findFirst({
    where: { action: "role.changed" },
    orderBy: { createdAt: "desc" },
  });
  expect(audit?.details).toMatchObject({ from: "admin", to: "user" });
});
