import { expect, SEEDED_ADMIN, test } from "./fixtures";

const WRONG = "The email or password is incorrect.";

test("sign up, sign out, sign in again", async ({ user, openDevice }) => {
  const device = await openDevice();
  await device.signUp(user);
  await expect(device.page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await expect(device.page.getByText(user.email).first()).toBeVisible();
  await device.signOut();
  await device.page.goto("/dashboard");
  await expect(device.page).toHaveURL(/\/login\?next=%2Fdashboard$/);
  await device.signIn(user);
  await expect(device.page.getByRole("link", { name: "Devices" }).first()).toBeVisible();
});

test("a wrong password and an unknown email get the same alert", async ({ user, openDevice }) => {
  const device = await openDevice();
  await device.signUp(user);
  await device.signOut();
  const { page } = device;
  const form = page.getByRole("form", { name: "Sign in", exact: true });

  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(form.getByRole("alert")).toHaveText(WRONG);

  await page.getByLabel("Email").fill(`nobody-${user.email}`);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(form.getByRole("alert")).toHaveText(WRONG);
  await expect(page).toHaveURL(/\/login/);
});

test("sign-up refuses a short password and a taken email, and creates nothing", async ({
  user,
  openDevice,
}) => {
  const device = await openDevice();
  const { page } = device;
  await page.goto("/signup");
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("form", { name: "Create account" }).getByRole("alert")).toContainText(
    "at least 15 characters",
  );
  // Nothing was created: the same credentials cannot sign in.
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("form", { name: "Sign in", exact: true }).getByRole("alert")).toHaveText(WRONG);

  await device.signUp(user);
  await device.signOut();
  await page.goto("/signup");
  await page.getByLabel("Name").fill("Someone else");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill("another-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("form", { name: "Create account" }).getByRole("alert")).toContainText(
    "already exists",
  );
  await device.signIn(user);
});

test("?next= brings the user back to the page they asked for", async ({ user, openDevice }) => {
  const device = await openDevice();
  await device.signUp(user);
  await device.signOut();
  await device.page.goto("/devices");
  await expect(device.page).toHaveURL(/\/login\?next=%2Fdevices$/);
  await device.page.getByLabel("Email").fill(user.email);
  await device.page.getByLabel("Password").fill(user.password);
  await device.page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(device.page).toHaveURL(/\/devices$/);
});

for (const next of [
  "https://evil.example/",
  "//evil.example/x",
  "/\\evil.example",
  "/a/..//evil.example",
  "javascript:alert(1)",
]) {
  test(`an off-site next (${next}) is ignored`, async ({ openDevice }) => {
    const device = await openDevice();
    await device.page.goto(`/login?next=${encodeURIComponent(next)}`);
    await device.page.getByLabel("Email").fill(SEEDED_ADMIN.email);
    await device.page.getByLabel("Password").fill(SEEDED_ADMIN.password);
    await device.page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(device.page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/dashboard$/);
  });
}

test("a session cookie planted before sign-in is never the one after (no fixation)", async ({
  user,
  openDevice,
}) => {
  const device = await openDevice();
  await device.signUp(user);
  const first = await device.cookie("authjs.session-token");
  await device.signOut();

  const planted = "attacker-chosen-session-token-value-0123456789";
  await device.context.addCookies([{ name: "authjs.session-token", value: planted, url: device.page.url() }]);
  await device.signIn(user);
  const second = await device.cookie("authjs.session-token");
  expect(second).toBeTruthy();
  expect(second).not.toBe(planted);
  expect(second).not.toBe(first);
  await device.page.goto("/devices");
  await expect(device.page.getByRole("listitem")).toHaveCount(1);
});

test("session cookies are httpOnly and SameSite=Lax", async ({ signedIn }) => {
  const cookies = await signedIn.context.cookies();
  for (const name of ["authjs.session-token", "edge-token"]) {
    const cookie = cookies.find((c) => c.name === name);
    expect(cookie, name).toBeDefined();
    expect(cookie?.httpOnly, name).toBe(true);
    expect(cookie?.sameSite, name).toBe("Lax");
  }
});
