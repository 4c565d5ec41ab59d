import { type Browser, expect, type Page, test } from "@playwright/test";
import { db } from "@/lib/db/client";
import { insertSession } from "@/lib/sessions/store";
import { newSessionToken } from "@/lib/sessions/token";
import { createAccount, newCredentials } from "../fixtures";
import { newProviderLogin, serverWithProvider } from "../oidc-provider";

test.describe.configure({ mode: "serial" });

const OP_NAME = "Test OP";
/** Past STEP_UP_MAX_AGE_SECONDS (10 minutes): sensitive actions ask "Confirm it's you". */
const ELEVEN_MINUTES_AGO = () => new Date(Date.now() - 11 * 60_000);

const provided = serverWithProvider(OP_NAME);

/** The provider account id Auth.js stores for a login at e2e/oidc-provider.ts (its account id, the ID token's sub). */
const subOf = (login: string) => login;

/** A verified password account with a session made by the fixture, its authentication `authTime` old. */
async function victim(authTime = new Date()) {
  const creds = newCredentials();
  const userId = await createAccount(creds);
  await db.user.update({ where: { id: userId }, data: { emailVerified: new Date() } });
  const sessionToken = newSessionToken();
  const row = await insertSession(db, { sessionToken, userId, amr: ["pwd"] });
  await db.session.update({ where: { id: row.id }, data: { authTime } });
  return { creds, userId, sessionToken, sessionId: row.id };
}

/** A browser holding only the session cookie (copied, or the victim's own). */
async function browserWithCookie(browser: Browser, sessionToken: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: provided.origin });
  await context.addCookies([{ name: "authjs.session-token", value: sessionToken, url: provided.origin }]);
  return context.newPage();
}

/** At the provider's login screen: sign in as `login` and give consent if asked. */
async function signInAtProvider(page: Page, login: string, backTo: RegExp): Promise<void> {
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  // The provider asks for consent once per account and client.
  const consent = page.getByRole("button", { name: "Continue" });
  await expect.poll(async () => backTo.test(page.url()) || (await consent.isVisible())).toBe(true);
  if (await consent.isVisible()) await consent.click();
  await expect(page).toHaveURL(backTo);
}

/**
 * What the attacker did: no button, straight to Auth.js. GET /api/auth/csrf, then
 * POST /api/auth/signin/oidc with its token; the answer sends the browser to the
 * provider (Auth.js set its state, PKCE and nonce cookies on the way).
 */
async function postStraightToAuthjs(page: Page): Promise<void> {
  const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const started = await page.request.post("/api/auth/signin/oidc", {
    form: { csrfToken, callbackUrl: "/settings/accounts" },
    maxRedirects: 0,
  });
  expect(started.status()).toBe(302);
  const toProvider = started.headers().location as string;
  expect(new URL(toProvider).origin).toBe(provided.issuer);
  await forgetProvider(page);
  await page.goto(toProvider);
}

/** The provider keeps its own sign-in: forget it, so the next round trip asks who signs in. */
const forgetProvider = (page: Page) => page.context().clearCookies({ domain: "127.0.0.1" });

const linksOf = (userId: string) =>
  db.account.findMany({ where: { userId }, select: { providerAccountId: true } });
const eventCount = (userId: string, action: string) =>
  db.auditEvent.count({ where: { targetUserId: userId, action } });

test("a cookie past the step-up window posted straight to Auth.js links no provider account, and the attempt is audited", async ({
  browser,
}) => {
  const v = await victim(ELEVEN_MINUTES_AGO());
  const attacker = newProviderLogin();
  const page = await browserWithCookie(browser, v.sessionToken);
  await postStraightToAuthjs(page);
  await signInAtProvider(page, attacker, /\/settings\/accounts\?error=AccessDenied$/);
  await expect(page.getByRole("alert").filter({ hasText: "Nothing was connected" })).toBeVisible();

  expect(await linksOf(v.userId)).toEqual([]);
  expect(await db.account.count({ where: { providerAccountId: subOf(attacker) } })).toBe(0);
  expect(await eventCount(v.userId, "account.linked")).toBe(0);
  const refused = await db.auditEvent.findFirstOrThrow({
    where: { targetUserId: v.userId, action: "account.link_refused" },
  });
  expect(refused.sessionId).toBe(v.sessionId);
  expect(refused.details).toMatchObject({ provider: "oidc", reason: "no_intent" });
  // Nothing counted as a confirmation either: the session's authentication is as old as before.
  const session = await db.session.findUniqueOrThrow({ where: { id: v.sessionId } });
  expect(session.authTime.getTime()).toBeLessThan(Date.now() - 10 * 60_000);
  expect(session.amr).toBe("pwd");
});

test("the same straight post inside the step-up window links nothing either: only Connect does, once", async ({
  browser,
}) => {
  const v = await victim();
  const page = await browserWithCookie(browser, v.sessionToken);
  await postStraightToAuthjs(page);
  await signInAtProvider(page, newProviderLogin(), /\/settings\/accounts\?error=AccessDenied$/);
  expect(await linksOf(v.userId)).toEqual([]);

  // The button: step-up is fresh, the address verified; the intent is spent by this one link.
  const mine = newProviderLogin();
  await page.goto("/settings/accounts");
  await forgetProvider(page);
  await page.getByRole("button", { name: `Connect ${OP_NAME}` }).click();
  await signInAtProvider(page, mine, /\/settings\/accounts$/);
  await expect(page.getByRole("button", { name: `Disconnect ${OP_NAME}` })).toBeVisible();
  expect(await linksOf(v.userId)).toEqual([{ providerAccountId: subOf(mine) }]);
  expect(await db.connectIntent.count({ where: { sessionId: v.sessionId } })).toBe(0);

  // Spent: a second account through a straight post is refused.
  await postStraightToAuthjs(page);
  await signInAtProvider(page, newProviderLogin(), /\/settings\/accounts\?error=AccessDenied$/);
  expect(await linksOf(v.userId)).toEqual([{ providerAccountId: subOf(mine) }]);
  expect(await eventCount(v.userId, "account.link_refused")).toBe(2);
});

test("connecting a provider needs a verified address: refused in words, and no intent is made", async ({
  browser,
}) => {
  const v = await victim();
  await db.user.update({ where: { id: v.userId }, data: { emailVerified: null } });
  const page = await browserWithCookie(browser, v.sessionToken);
  await page.goto("/settings/accounts");
  await page.getByRole("button", { name: `Connect ${OP_NAME}` }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Verify your email address first" })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(provided.origin);
  expect(await db.connectIntent.count({ where: { sessionId: v.sessionId } })).toBe(0);
  expect(await linksOf(v.userId)).toEqual([]);
});

test("'Confirm with PROVIDER' signed in at the provider as another account links nothing and confirms nothing", async ({
  browser,
}) => {
  const v = await victim(ELEVEN_MINUTES_AGO());
  const own = newProviderLogin();
  await db.account.create({
    data: { userId: v.userId, type: "oidc", provider: "oidc", providerAccountId: subOf(own) },
  });
  const page = await browserWithCookie(browser, v.sessionToken);
  await page.goto("/settings/accounts");
  await page.getByRole("button", { name: `Disconnect ${OP_NAME}` }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm it's you" });
  await dialog.getByRole("button", { name: `Confirm with ${OP_NAME}` }).click();
  const other = newProviderLogin();
  await signInAtProvider(page, other, /\/settings\/accounts\?error=AccessDenied$/);

  expect(await linksOf(v.userId)).toEqual([{ providerAccountId: subOf(own) }]);
  expect(await db.account.count({ where: { providerAccountId: subOf(other) } })).toBe(0);
  const session = await db.session.findUniqueOrThrow({ where: { id: v.sessionId } });
  expect(session.authTime.getTime()).toBeLessThan(Date.now() - 10 * 60_000);
  expect(await eventCount(v.userId, "session.reauthenticated")).toBe(0);
  expect(await eventCount(v.userId, "account.link_refused")).toBe(1);
});

test("/settings/accounts lists every linked account of a provider, and each is disconnected on its own", async ({
  browser,
}) => {
  const v = await victim();
  const [first, second] = [newProviderLogin(), newProviderLogin()];
  for (const login of [first, second])
    await db.account.create({
      data: { userId: v.userId, type: "oidc", provider: "oidc", providerAccountId: subOf(login) },
    });
  const page = await browserWithCookie(browser, v.sessionToken);
  await page.goto("/settings/accounts");
  const item = page.getByRole("listitem").filter({ hasText: OP_NAME });
  await expect(item).toContainText(subOf(first));
  await expect(item).toContainText(subOf(second));
  await page.getByRole("button", { name: `Disconnect ${OP_NAME} (${subOf(second)})` }).click();
  await expect(page.getByRole("button", { name: `Disconnect ${OP_NAME} (${subOf(second)})` })).toHaveCount(0);
  expect(await linksOf(v.userId)).toEqual([{ providerAccountId: subOf(first) }]);
  await expect(page.getByRole("button", { name: `Disconnect ${OP_NAME}`, exact: true })).toBeVisible();
});
