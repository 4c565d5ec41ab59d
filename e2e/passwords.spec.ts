// New passwords (README "Passwords"): the server's refusals in words, the
// strength meter, and the notice for an account whose password is on a list.
import { createAccount, expect, newCredentials, test } from "./fixtures";

/** On the offline list shipped with the app (@zxcvbn-ts/language-common), and 16 characters long. */
const LISTED = "passwordpassword";

test("sign-up refuses a listed password and a short one, in words, then takes a long one", async ({
  user,
  openDevice,
}) => {
  const { page } = await openDevice();
  const form = page.getByRole("form", { name: "Create account" });
  // The form is filled afresh each time: a refused post resets its fields.
  const submit = async (password: string) => {
    await page.goto("/signup");
    await page.getByLabel("Name").fill(user.name);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Create account" }).click();
  };

  await submit(LISTED);
  await expect(form.getByRole("alert")).toHaveText(
    "This password appears in lists of breached or common passwords. Choose another.",
  );

  await submit("lantern-velvet");
  await expect(form.getByRole("alert")).toContainText("at least 15 characters");
  await expect(page).toHaveURL(/\/signup$/);

  // The same form takes a long passphrase of plain words.
  await submit(user.password);
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
});

test("the strength meter says in words how strong the password is, as it is typed", async ({
  openDevice,
}) => {
  const { page } = await openDevice();
  await page.goto("/signup");
  const meter = page.getByTestId("password-strength");
  await expect(meter).toHaveAttribute("aria-live", "polite");
  await expect(meter).toHaveText("");

  await page.getByLabel("Password").pressSequentially("abc");
  await expect(meter).toHaveText("Strength: too short — use at least 15 characters (3 so far).");

  await page.getByLabel("Password").fill(LISTED);
  await expect(meter).toContainText(/^Strength: (very weak|weak)/);
  const weak = await meter.textContent();

  await page.getByLabel("Password").fill("umbrella quartz lantern gravel 7 orchids");
  await expect(meter).toContainText(/^Strength: (good|strong)/);
  expect(await meter.textContent()).not.toBe(weak);
});

test("an account whose password is on the list signs in and is asked to change it", async ({
  openDevice,
}) => {
  const creds = { ...newCredentials(), password: LISTED };
  // Set in the database with the app's own hashing: the rules apply to new passwords, not to old ones.
  await createAccount(creds);
  const device = await openDevice();
  await device.signIn(creds);
  const { page } = device;
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  const notice = page.getByRole("status").filter({ hasText: "breached or common" });
  await expect(notice).toContainText("change your password");
  await notice.getByRole("link", { name: "change your password" }).click();
  await expect(page).toHaveURL(/\/settings\/password$/);

  const fresh = `${newCredentials().password}-new`;
  await page.getByLabel("Current password").fill(LISTED);
  await page.getByLabel("New password").fill(fresh);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("form", { name: "Change password" }).getByRole("status")).toContainText(
    "Password changed",
  );
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await expect(page.getByText("breached or common")).toHaveCount(0);
});
