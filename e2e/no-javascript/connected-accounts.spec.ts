// /settings/accounts without JavaScript: "Connect" is a form post that leads to
// the provider and back, "Disconnect" one that the page answers in a status
// (its own answer would go with the button "Connect" replaces). Our own server
// with the test provider configured, as in e2e/oidc.spec.ts.
import { expect, test } from "@playwright/test";
import { db } from "@/lib/db/client";
import { createFixtureAccount, newCredentials, USER_AGENTS } from "../fixtures";
import { newProviderLogin, passProviderScreens, serverWithProvider } from "../oidc-provider";

test.describe.configure({ mode: "serial" });

const OP_NAME = "Test OP";
const provided = serverWithProvider(OP_NAME);

test("connect a provider through its screens, then disconnect it: the page says so", async ({ browser }) => {
  const creds = newCredentials();
  const userId = await createFixtureAccount(creds);
  // Connecting a provider needs a verified address.
  await db.user.update({ where: { id: userId }, data: { emailVerified: new Date() } });
  const context = await browser.newContext({
    baseURL: provided.origin,
    javaScriptEnabled: false,
    userAgent: USER_AGENTS.chromeMac,
    extraHTTPHeaders: { "x-forwarded-for": "198.19.9.1" },
  });
  const page = await context.newPage();
  await page.goto("/login");
  // The page's own scripts never ran (see core-forms.spec.ts).
  expect(await page.evaluate(() => "__next_f" in window)).toBe(false);
  await page.getByLabel("Email").fill(creds.email);
  await page.getByLabel("Password").fill(creds.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  await page.goto("/settings/accounts");
  await page.getByRole("button", { name: `Connect ${OP_NAME}` }).click();
  expect(new URL(page.url()).origin).toBe(provided.issuer);
  await passProviderScreens(page, newProviderLogin());
  await expect(page).toHaveURL(/\/settings\/accounts$/);
  await expect(page.getByRole("listitem").filter({ hasText: OP_NAME })).toContainText("Connected");
  expect(await db.account.count({ where: { userId, provider: "oidc" } })).toBe(1);

  await page.getByRole("button", { name: `Disconnect ${OP_NAME}` }).click();
  await expect(page.getByRole("status")).toHaveText(
    "The sign-in provider was disconnected: it no longer signs in to this account.",
  );
  await expect(page.getByRole("button", { name: `Connect ${OP_NAME}` })).toBeVisible();
  expect(await db.account.count({ where: { userId } })).toBe(0);
  await context.close();
});
