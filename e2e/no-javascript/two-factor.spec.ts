// Two-factor sign-in turned on without JavaScript: the page that comes back
// after "Turn on" has the "on" view, and must still show the recovery codes once.
import { expect, test } from "../fixtures";
import { totpCode } from "../helpers/step-up";
import { verifyEmail } from "../helpers/verify";

test("turn on two-factor: the page that comes back shows the recovery codes once, and one works at sign-in", async ({
  fastSignedIn,
  user,
  openDevice,
}) => {
  await verifyEmail(user.email);
  const page = fastSignedIn.page;
  await page.goto("/settings/two-factor");
  await page.getByRole("button", { name: "Set up authenticator app" }).click();
  const secret = await page.getByLabel("Setup key").inputValue();
  await page.getByLabel("Authentication code").fill(await totpCode(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Two-factor sign-in is on" })).toBeVisible();
  const listed = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(listed).toHaveCount(10);
  const [recovery] = await listed.allTextContents();
  await expect(page.getByRole("button", { name: "Turn off" })).toBeVisible();
  // Once: the page loaded again lists none.
  await page.goto("/settings/two-factor");
  await expect(page.getByRole("button", { name: "Generate new recovery codes" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Recovery codes" })).toHaveCount(0);

  const laptop = await openDevice("firefoxWindows");
  await laptop.page.goto("/login");
  await laptop.page.getByLabel("Email").fill(user.email);
  await laptop.page.getByLabel("Password").fill(user.password);
  await laptop.page.getByRole("button", { name: "Sign in", exact: true }).click();
  await laptop.page.getByRole("link", { name: "Use a recovery code" }).click();
  await laptop.page.getByLabel("Recovery code").fill(recovery ?? "");
  await laptop.page.getByRole("button", { name: "Verify" }).click();
  await expect(laptop.page).toHaveURL(/\/dashboard$/);
});
