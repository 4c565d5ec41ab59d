import AxeBuilder from "@axe-core/playwright";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { db } from "@/lib/db/client";
import { impersonationExpiry } from "@/lib/sessions/policy";
import { insertSession } from "@/lib/sessions/store";
import { newSessionToken } from "@/lib/sessions/token";
import { createAccount, DEVICE_LABELS, newCredentials, SEEDED_ADMIN, USER_AGENTS } from "./fixtures";
import {
  newProviderLogin,
  passProviderScreens,
  serverWithProvider,
  signInThroughProvider,
} from "./oidc-provider";

test.describe.configure({ mode: "serial" });

const OP_NAME = "Test OP";
const provided = serverWithProvider(OP_NAME);

let ipCounter = 1;

async function device(browser: Browser, kind: keyof typeof USER_AGENTS = "chromeMac") {
  const ip = `198.19.7.${ipCounter++}`;
  const context = await browser.newContext({
    baseURL: provided.origin,
    userAgent: USER_AGENTS[kind],
    extraHTTPHeaders: { "x-forwarded-for": ip },
  });
  return { context, page: await context.newPage(), ip };
}

const signInAtProvider = (page: Page, login: string) => signInThroughProvider(page, OP_NAME, login);

test("first sign-in creates the account and a session listed with the provider's name, with an edge token", async ({
  browser,
}) => {
  const { page, ip } = await device(browser);
  const login = newProviderLogin();
  await signInAtProvider(page, login);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByText(login).first()).toBeVisible();

  // The edge token came with the callback's response: no refresh round trip was needed.
  const edge = await page.request.get("/api/session/edge");
  expect(edge.status()).toBe(200);
  const user = await db.user.findUniqueOrThrow({ where: { email: login }, include: { accounts: true } });
  expect(user.passwordHash).toBeNull();
  expect(user.accounts.map((a) => a.provider)).toEqual(["oidc"]);
  expect((await edge.json()).sub).toBe(user.id);

  await page.goto("/devices");
  const item = page.getByRole("listitem").filter({ hasText: "This device" });
  await expect(item).toContainText(DEVICE_LABELS.chromeMac);
  await expect(item).toContainText(OP_NAME);
  await expect(item).toContainText(ip);
  const created = await db.auditEvent.findFirst({
    where: { targetUserId: user.id, action: "session.created" },
  });
  expect(created?.details).toEqual({ method: "oidc" });
});

test("the admin table names each session's sign-in method", async ({ browser }) => {
  const login = newProviderLogin();
  const user = await device(browser);
  await signInAtProvider(user.page, login);
  await expect(user.page).toHaveURL(/\/dashboard$/);

  const { page } = await device(browser, "firefoxWindows");
  await page.goto("/login");
  await page.getByLabel("Email").fill(SEEDED_ADMIN.email);
  await page.getByLabel("Password").fill(SEEDED_ADMIN.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto(`/admin/sessions?email=${encodeURIComponent(login)}`);
  const table = page.getByRole("table");
  await expect(table.getByRole("columnheader", { name: "Signed in with" })).toBeVisible();
  await expect(table.getByRole("row").filter({ hasText: login })).toContainText(OP_NAME);
});

test("a provider login whose email belongs to a password account is refused, in words", async ({
  browser,
}) => {
  const creds = newCredentials();
  const userId = await createAccount(creds);
  const { page } = await device(browser);
  await signInAtProvider(page, creds.email);
  await expect(page).toHaveURL(/\/login\?error=OAuthAccountNotLinked/);
  await expect(page.getByRole("alert").filter({ hasText: "not connected" })).toContainText(
    "Sign in with your password, then connect it",
  );
  expect(await db.session.count({ where: { userId } })).toBe(0);
  expect(await db.account.count({ where: { userId } })).toBe(0);
});

test("a tampered state and a replayed callback create no session", async ({ browser }) => {
  const { page } = await device(browser);
  const login = newProviderLogin();
  // Stop at the callback the provider redirects the browser to, and keep its URL.
  // Playwright's page.route() does not see requests reached by a redirect; CDP's Fetch does.
  let callback = "";
  const cdp = await page.context().newCDPSession(page);
  cdp.on("Fetch.requestPaused", (paused) => {
    callback = paused.request.url;
    void cdp.send("Fetch.failRequest", { requestId: paused.requestId, errorReason: "Aborted" });
  });
  await cdp.send("Fetch.enable", { patterns: [{ urlPattern: "*/api/auth/callback/oidc?*" }] });
  await signInAtProvider(page, login);
  await expect.poll(() => callback).toContain("code=");
  await cdp.send("Fetch.disable");

  const tampered = new URL(callback);
  tampered.searchParams.set("state", `${tampered.searchParams.get("state")}x`);
  await page.goto(tampered.toString());
  await expect(page).toHaveURL(/\/login\?error=/);
  expect(await db.user.count({ where: { email: login } })).toBe(0);

  // The real callback once: it signs in.
  await page.goto(callback);
  await expect(page).toHaveURL(/\/dashboard$/);
  const user = await db.user.findUniqueOrThrow({ where: { email: login } });
  expect(await db.session.count({ where: { userId: user.id } })).toBe(1);

  // The same callback again, from a fresh browser that has no state cookie: nothing.
  const other = await device(browser);
  await other.page.goto(callback);
  await expect(other.page).toHaveURL(/\/login\?error=/);
  expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
});

test("revoked from another device, a provider session ends at once, at the edge too", async ({ browser }) => {
  const login = newProviderLogin();
  const laptop = await device(browser, "chromeMac");
  await signInAtProvider(laptop.page, login);
  await expect(laptop.page).toHaveURL(/\/dashboard$/);
  const phone = await device(browser, "safariIphone");
  await signInAtProvider(phone.page, login);
  await expect(phone.page).toHaveURL(/\/dashboard$/);

  await laptop.page.goto("/devices");
  await laptop.page.getByRole("button", { name: `Revoke ${DEVICE_LABELS.safariIphone}` }).click();
  await expect(laptop.page.getByRole("listitem").filter({ hasText: phone.ip })).toHaveCount(0);

  await expect.poll(async () => (await phone.page.request.get("/api/session/edge")).status()).toBe(401);
  await phone.page.goto("/devices");
  await expect(phone.page).toHaveURL(/\/login/);
});

test("connect from settings, then the provider signs in to the same account", async ({ browser }) => {
  const creds = newCredentials();
  const userId = await createAccount(creds);
  // Connecting a provider needs a verified address.
  await db.user.update({ where: { id: userId }, data: { emailVerified: new Date() } });
  const { page } = await device(browser);
  await page.goto("/login");
  await page.getByLabel("Email").fill(creds.email);
  await page.getByLabel("Password").fill(creds.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  await page.goto("/settings/accounts");
  await expect(page.getByRole("heading", { level: 1, name: "Connected accounts" })).toBeVisible();
  // The provider's email differs from the account's: connecting is by the user's choice, not by email.
  const login = newProviderLogin();
  await page.getByRole("button", { name: `Connect ${OP_NAME}` }).click();
  await passProviderScreens(page, login);
  await expect(page).toHaveURL(/\/settings\/accounts$/);
  await expect(page.getByRole("listitem").filter({ hasText: OP_NAME })).toContainText("Connected");
  await expect(page.getByRole("button", { name: `Disconnect ${OP_NAME}` })).toBeVisible();
  expect(await db.auditEvent.count({ where: { targetUserId: userId, action: "account.linked" } })).toBe(1);
  expect(await db.user.count({ where: { email: login } })).toBe(0);

  const other = await device(browser, "firefoxWindows");
  await signInAtProvider(other.page, login);
  await expect(other.page).toHaveURL(/\/dashboard$/);
  await expect(other.page.getByText(creds.email).first()).toBeVisible();
  expect(await db.session.count({ where: { userId, signInMethod: "oidc" } })).toBe(1);
});

test("a provider account connected to one account cannot be connected to another", async ({ browser }) => {
  const login = newProviderLogin();
  const first = await device(browser);
  await signInAtProvider(first.page, login);
  await expect(first.page).toHaveURL(/\/dashboard$/);

  const creds = newCredentials();
  const userId = await createAccount(creds);
  await db.user.update({ where: { id: userId }, data: { emailVerified: new Date() } });
  const { page } = await device(browser, "firefoxWindows");
  await page.goto("/login");
  await page.getByLabel("Email").fill(creds.email);
  await page.getByLabel("Password").fill(creds.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto("/settings/accounts");
  await page.getByRole("button", { name: `Connect ${OP_NAME}` }).click();
  await passProviderScreens(page, login);
  await expect(page).toHaveURL(/\/settings\/accounts\?error=OAuthAccountNotLinked$/);
  await expect(
    page.getByRole("alert").filter({ hasText: "already connected to another account" }),
  ).toBeVisible();
  expect(await db.account.count({ where: { userId } })).toBe(0);
});

test("disconnecting the last way to sign in is refused", async ({ browser }) => {
  const { page } = await device(browser);
  const login = newProviderLogin();
  await signInAtProvider(page, login);
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto("/settings/accounts");
  await page.getByRole("button", { name: `Disconnect ${OP_NAME}` }).click();
  await expect(page.getByRole("alert").filter({ hasText: "only way to sign in" })).toBeVisible();
  const user = await db.user.findUniqueOrThrow({ where: { email: login }, include: { accounts: true } });
  expect(user.accounts).toHaveLength(1);
});

test("an account entered only through the provider confirms it's you by signing in there again, on the same session", async ({
  browser,
}) => {
  const login = newProviderLogin();
  const mac = await device(browser);
  await signInAtProvider(mac.page, login);
  await expect(mac.page).toHaveURL(/\/dashboard$/);
  const windows = await device(browser, "firefoxWindows");
  await signInAtProvider(windows.page, login);
  await expect(windows.page).toHaveURL(/\/dashboard$/);
  const { sid } = (await (await mac.page.request.get("/api/session/edge")).json()) as { sid: string };
  await db.session.update({ where: { id: sid }, data: { authTime: new Date(Date.now() - 11 * 60_000) } });

  await mac.page.goto("/devices");
  const revoke = mac.page.getByRole("button", { name: `Revoke ${DEVICE_LABELS.firefoxWindows}` });
  await revoke.click();
  const dialog = mac.page.getByRole("dialog", { name: "Confirm it's you" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Password")).toHaveCount(0);
  await dialog.getByRole("button", { name: `Confirm with ${OP_NAME}` }).click();
  // The provider asks for the login again although its own session is alive (prompt=login, max_age=0).
  await mac.page.getByPlaceholder("Enter any login").fill(login);
  await mac.page.getByPlaceholder("and password").fill("any password");
  await mac.page.getByRole("button", { name: "Sign-in" }).click();
  const consent = mac.page.getByRole("button", { name: "Continue" });
  const back = mac.page.getByRole("heading", { name: "Active devices" });
  await expect(consent.or(back)).toBeVisible();
  if (await consent.isVisible()) await consent.click();
  await expect(mac.page).toHaveURL(/\/devices$/);

  // The same session, now confirmed: no new session, authentication time moved, the provider in its amr.
  const user = await db.user.findUniqueOrThrow({ where: { email: login } });
  expect(await db.session.count({ where: { userId: user.id } })).toBe(2);
  const confirmed = await db.session.findUniqueOrThrow({ where: { id: sid } });
  expect(confirmed.authTime.getTime()).toBeGreaterThan(Date.now() - 60_000);
  expect(confirmed.amr.split(" ")).toContain("oidc");
  expect(await db.auditEvent.count({ where: { sessionId: sid, action: "session.reauthenticated" } })).toBe(1);

  await revoke.click();
  await expect(mac.page.getByRole("listitem").filter({ hasText: windows.ip })).toHaveCount(0);
  await expect(dialog).toHaveCount(0);
  await windows.page.goto("/dashboard");
  await expect(windows.page).toHaveURL(/\/login/);
});

test("/login with a provider and /settings/accounts have no serious accessibility violations", async ({
  browser,
}) => {
  const { page } = await device(browser);
  const serious = async () =>
    (await new AxeBuilder({ page }).analyze()).violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.help}`);
  await page.goto("/login?error=OAuthAccountNotLinked");
  expect(await serious()).toEqual([]);
  await signInAtProvider(page, newProviderLogin());
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto("/settings/accounts");
  expect(await serious()).toEqual([]);
});

test("without JavaScript, the provider button still leads to the provider", async ({ browser }) => {
  // The form post is redirected to the provider: the CSP's form-action must allow its origin.
  const context = await browser.newContext({ baseURL: provided.origin, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByRole("button", { name: `Sign in with ${OP_NAME}` }).click();
  await expect(page.getByPlaceholder("Enter any login")).toBeVisible();
  expect(new URL(page.url()).origin).toBe(provided.issuer);
});

test("an administrator signed in as the user cannot connect a provider: not from settings, nor by posting to Auth.js directly", async ({
  browser,
}) => {
  const creds = newCredentials();
  const userId = await createAccount(creds);
  const adminId = (await db.user.findUniqueOrThrow({ where: { email: SEEDED_ADMIN.email } })).id;
  const sessionToken = newSessionToken();
  await insertSession(db, {
    sessionToken,
    userId,
    expires: impersonationExpiry(),
    signInMethod: "impersonation",
    impersonatorId: adminId,
  });
  const { context, page } = await device(browser);
  await context.addCookies([{ name: "authjs.session-token", value: sessionToken, url: provided.origin }]);

  await page.goto("/settings/accounts");
  await page.getByRole("button", { name: `Connect ${OP_NAME}` }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "Not while you are signed in as this user" }),
  ).toBeVisible();

  // The same through Auth.js's own route, with its CSRF token: refused at the callback.
  const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await page.evaluate(
    ({ csrfToken }) => {
      const form = document.createElement("form");
      form.method = "POST";
      form.action = "/api/auth/signin/oidc";
      for (const [name, value] of Object.entries({ csrfToken, callbackUrl: "/settings/accounts" })) {
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = value;
        form.append(input);
      }
      document.body.append(form);
      form.submit();
    },
    { csrfToken },
  );
  await page.getByPlaceholder("Enter any login").fill(newProviderLogin());
  await page.getByPlaceholder("and password").fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/error=AccessDenied/);
  expect(await db.account.count({ where: { userId } })).toBe(0);
  expect(await db.auditEvent.count({ where: { targetUserId: userId, action: "account.linked" } })).toBe(0);
});
