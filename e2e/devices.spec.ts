import { type Device, expect, test } from "./fixtures";

async function deviceItems(device: Device) {
  await device.page.goto("/devices");
  await expect(device.page.getByRole("heading", { level: 1, name: "Active devices" })).toBeVisible();
  return device.page.getByRole("listitem");
}

test("two devices see each other, each marked 'This device' on its own", async ({ fastDevicesOf }) => {
  const [a, b] = await fastDevicesOf(["chromeMac", "firefoxWindows"]);

  for (const [self, other] of [
    [a, b],
    [b, a],
  ] as const) {
    const items = await deviceItems(self);
    await expect(items).toHaveCount(2);
    const mine = items.filter({ hasText: "This device" });
    await expect(mine).toHaveCount(1);
    await expect(mine).toContainText(self.label);
    await expect(mine).toContainText(self.ip);
    await expect(mine).toContainText("just now");
    await expect(mine.getByRole("button", { name: /Revoke/ })).toHaveCount(0);
    const theirs = items.filter({ hasNotText: "This device" });
    await expect(theirs).toContainText(other.label);
    await expect(theirs).toContainText(other.ip);
    await expect(theirs.getByRole("button", { name: `Revoke ${other.label}` })).toBeVisible();
  }
});

test("A revokes B: B's next page load lands on /login and B's actions change nothing", async ({
  fastDevicesOf,
}) => {
  const [a, b, c] = await fastDevicesOf(["chromeMac", "firefoxWindows", "safariIphone"]);

  // B opens its devices page before it is revoked, so it still holds a form to post.
  const bItems = await deviceItems(b);
  await expect(bItems).toHaveCount(3);

  const aItems = await deviceItems(a);
  await a.page.getByRole("button", { name: `Revoke ${b.label}` }).click();
  // The answer beside the button went with B's row: the page says it above the list.
  await expect(a.page.getByRole("status")).toHaveText("The device was signed out.");
  await expect(aItems).toHaveCount(2);
  await expect(aItems.filter({ hasText: b.label })).toHaveCount(0);

  // B's edge token is still valid for up to a minute, yet the page's database check refuses it.
  await b.page.getByRole("button", { name: `Revoke ${c.label}` }).click();
  await expect(b.page).toHaveURL(/\/login/);
  await expect(await deviceItems(c)).toHaveCount(2);

  await b.page.goto("/dashboard");
  await expect(b.page).toHaveURL(/\/login\?next=%2Fdashboard$/);
});

test("'Sign out all other devices' ends B and C and keeps A", async ({ fastDevicesOf }) => {
  const [a, b, c] = await fastDevicesOf(["chromeMac", "firefoxWindows", "edgeWindows"]);

  await expect(await deviceItems(a)).toHaveCount(3);
  await a.page.getByRole("button", { name: "Sign out all other devices" }).click();
  await expect(a.page.getByRole("status")).toContainText("2 other devices were signed out");
  await expect(a.page.getByRole("listitem")).toHaveCount(1);

  for (const device of [b, c]) {
    await device.page.goto("/dashboard");
    await expect(device.page).toHaveURL(/\/login/);
  }
  await a.page.goto("/dashboard");
  await expect(a.page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
});

test("signing out ends only this device", async ({ fastDevicesOf }) => {
  const [a, b] = await fastDevicesOf(["chromeMac", "firefoxWindows"]);
  await b.signOut();
  expect(await b.cookie("edge-token")).toBeUndefined();
  expect(await b.cookie("authjs.session-token")).toBeUndefined();
  await expect(await deviceItems(a)).toHaveCount(1);
});

test("a copied session cookie is dead after sign-out", async ({ user, openDevice }) => {
  const a = await openDevice("chromeMac");
  await a.startSession(user);
  const stolen = await a.context.cookies();
  await a.signOut();

  const thief = await openDevice("firefoxWindows");
  await thief.context.addCookies(stolen.filter((c) => c.name === "authjs.session-token"));
  await thief.page.goto("/dashboard");
  await expect(thief.page).toHaveURL(/\/login/);
});

test("changing the password ends every other session", async ({ user, fastDevicesOf }) => {
  const [a, b] = await fastDevicesOf(["chromeMac", "firefoxWindows"]);

  await a.page.goto("/settings/password");
  await a.page.getByLabel("Current password").fill("wrong-current-password");
  await a.page.getByLabel("New password").fill("a-brand-new-password");
  await a.page.getByRole("button", { name: "Change password" }).click();
  await expect(a.page.getByRole("form", { name: "Change password" }).getByRole("alert")).toHaveText(
    "The current password is incorrect.",
  );
  await b.page.goto("/dashboard");
  await expect(b.page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();

  await a.page.getByLabel("Current password").fill(user.password);
  await a.page.getByLabel("New password").fill("a-brand-new-password");
  await a.page.getByRole("button", { name: "Change password" }).click();
  await expect(a.page.getByRole("status")).toContainText("1 other device was signed out");

  await b.page.goto("/dashboard");
  await expect(b.page).toHaveURL(/\/login/);
  await a.page.goto("/dashboard");
  await expect(a.page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();

  await b.signIn({ email: user.email, password: "a-brand-new-password" });
});
