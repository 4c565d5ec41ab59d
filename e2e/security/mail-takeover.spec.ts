// Account takeovers through mail and unverified addresses (issue 25, rows 3-5),
// driven the way the attacker did: a real OpenID Provider, the SMTP sink, copied
// cookies, an administrator signed in as the user. Time is moved in the
// database (a sign-in or a set-up made 11 minutes old), never waited for.
import { randomUUID } from "node:crypto";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { generate } from "otplib";
import { db } from "@/lib/db/client";
import { impersonationExpiry } from "@/lib/sessions/policy";
import { insertSession } from "@/lib/sessions/store";
import { newSessionToken } from "@/lib/sessions/token";
import { newSecret } from "@/lib/two-factor/totp";
import { createAccount, expect, newCredentials, SEEDED_ADMIN, test } from "../fixtures";
import { verifyEmail } from "../helpers/verify";
import { linkIn, sinkUrl, waitForMail } from "../mail-sink";
import { serverWithProvider, signInThroughProvider } from "../oidc-provider";

const SETUP_EXPIRED = "The set-up you started expired (it lasts 10 minutes). Start it again.";

const dialog = (page: Page) => page.getByRole("dialog", { name: "Confirm it's you" });

/** Makes this browser's sign-in 11 minutes old: past the step-up window. */
async function ageSignIn(page: Page): Promise<void> {
  const { sid } = (await (await page.request.get("/api/session/edge")).json()) as { sid: string };
  await db.session.update({ where: { id: sid }, data: { authTime: new Date(Date.now() - 11 * 60_000) } });
}

async function startTwoFactorSetup(page: Page): Promise<string> {
  await page.goto("/settings/two-factor");
  await page.getByRole("button", { name: "Set up authenticator app" }).click();
  await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
  return page.getByLabel("Setup key").inputValue();
}

test.describe("row 3: a provider link, passkey and authenticator app planted before the address was verified", () => {
  test.describe.configure({ mode: "serial" });
  const OP_NAME = "Test OP";
  const provided = serverWithProvider(OP_NAME, { SMTP_URL: sinkUrl() });

  let ip = 1;
  async function browserAt(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      baseURL: provided.origin,
      extraHTTPHeaders: { "x-forwarded-for": `198.19.25.${ip++}` },
    });
    return { context, page: await context.newPage() };
  }

  test("the owner's password reset removes them: the attacker's provider account no longer signs in as the owner", async ({
    browser,
  }) => {
    const victim = newCredentials();
    const attackerLogin = `attacker-${randomUUID().slice(0, 8)}@example.com`;
    // The attacker signs up with the victim's address (verification is optional by default)...
    const attacker = await browserAt(browser);
    await attacker.page.goto("/signup");
    await attacker.page.getByLabel("Name").fill("Not the owner");
    await attacker.page.getByLabel("Email").fill(victim.email);
    await attacker.page.getByLabel("Password").fill(`attacker-${randomUUID()}`);
    await attacker.page.getByRole("button", { name: "Create account" }).click();
    await expect(attacker.page).toHaveURL(/\/dashboard$/);
    const owner = await db.user.findUniqueOrThrow({ where: { email: victim.email } });
    expect(owner.emailVerified).toBeNull();
    // ...and, before anyone verified it, adds ways in: their own provider account (as an older version, or a
    // deployment without the verified-address rule, let them), a passkey and an authenticator app.
    await db.account.create({
      data: { userId: owner.id, type: "oidc", provider: "oidc", providerAccountId: `sub-${attackerLogin}` },
    });
    await db.authenticator.create({
      data: {
        userId: owner.id,
        credentialID: `attacker-${owner.id}`,
        providerAccountId: `attacker-${owner.id}`,
        credentialPublicKey: "cHVibGljLWtleQ",
        counter: 0,
        credentialDeviceType: "singleDevice",
        credentialBackedUp: false,
      },
    });
    const { sealed } = await newSecret();
    await db.user.update({
      where: { id: owner.id },
      data: { totpSecret: sealed, totpEnabledAt: new Date() },
    });
    await attacker.context.clearCookies();

    // The real owner uses "Forgot password?", the link in their mailbox, and signs in.
    const real = await browserAt(browser);
    await real.page.goto("/forgot-password");
    await real.page.getByLabel("Email").fill(victim.email);
    await real.page.getByRole("button", { name: "Send reset link" }).click();
    await expect(real.page.getByRole("status")).toContainText("If an account uses that address");
    const link = linkIn(await waitForMail(victim.email, "Reset your password"), "Set a new password");
    await real.page.goto(link);
    await real.page.getByLabel("New password").fill(victim.password);
    await real.page.getByRole("button", { name: "Set new password" }).click();
    await expect(real.page).toHaveURL(/\/login\?reset=1$/);
    const notice = await waitForMail(victim.email, "Your password was changed");
    expect(notice.text).toContain("1 connected sign-in provider, 1 passkey, the authenticator app");
    // No second factor the attacker holds stands between the owner and the account.
    await real.page.getByLabel("Email").fill(victim.email);
    await real.page.getByLabel("Password").fill(victim.password);
    await real.page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(real.page).toHaveURL(/\/dashboard$/);

    expect(await db.account.count({ where: { userId: owner.id } })).toBe(0);
    expect(await db.authenticator.count({ where: { userId: owner.id } })).toBe(0);
    const after = await db.user.findUniqueOrThrow({ where: { id: owner.id } });
    expect([after.totpSecret, after.totpEnabledAt]).toEqual([null, null]);
    expect(
      await db.auditEvent.count({
        where: { targetUserId: owner.id, action: "email.unverified_access_removed" },
      }),
    ).toBe(1);

    // The attacker's provider sign-in is no longer the owner's: at most an account of the attacker's own.
    await signInThroughProvider(attacker.page, OP_NAME, attackerLogin);
    await expect(attacker.page).toHaveURL(/\/(dashboard|login)/);
    await expect(attacker.page.getByText(victim.email)).toHaveCount(0);
    expect(await db.session.count({ where: { userId: owner.id, signInMethod: "oidc" } })).toBe(0);
    expect(await db.session.count({ where: { userId: owner.id } })).toBe(1);
  });
});

test("row 4: a reset link sent to the old address is refused once the owner changed and confirmed a new one; the other sessions end", async ({
  fastDevicesOf,
  openDevice,
  user,
}) => {
  const [mac, windows] = await fastDevicesOf(["chromeMac", "firefoxWindows"]);
  // A reset link for the old address (requested by anyone: the form answers the same).
  const stranger = await openDevice("edgeWindows");
  await stranger.page.goto("/forgot-password");
  await stranger.page.getByLabel("Email").fill(user.email);
  await stranger.page.getByRole("button", { name: "Send reset link" }).click();
  const resetLink = linkIn(await waitForMail(user.email, "Reset your password"), "Set a new password");

  // The owner moves to a new address and confirms it.
  const newEmail = user.email.replace("@", "+moved@");
  await mac.page.goto("/settings/email");
  await mac.page.getByLabel("New email").fill(newEmail);
  await mac.page.getByLabel("Current password").fill(user.password);
  await mac.page.getByRole("button", { name: "Change email" }).click();
  await expect(mac.page.getByRole("status")).toContainText(`We sent a link to ${newEmail}`);
  const confirm = linkIn(await waitForMail(newEmail, "Verify your email"), "Confirm the new address");
  await mac.page.goto(confirm);
  await mac.page.getByRole("button", { name: "Confirm new address" }).click();
  await expect(mac.page.getByRole("status")).toHaveText(
    `Your sign-in address is now ${newEmail}. 1 other device was signed out.`,
  );

  // Whoever holds the abandoned mailbox gets nothing from the old link.
  await stranger.page.goto(resetLink);
  await expect(stranger.page.getByRole("alert").filter({ hasText: "no longer valid" })).toBeVisible();
  await expect(stranger.page.getByLabel("New password")).toHaveCount(0);
  await expect(stranger.page.getByRole("link", { name: "Forgot password?" })).toBeVisible();

  // Other sessions ended (at the edge too); the confirming browser stays signed in.
  await expect
    .poll(async () => (await windows.page.request.get("/api/session/edge")).status(), { timeout: 5_000 })
    .toBe(401);
  await windows.page.goto("/dashboard");
  await expect(windows.page).toHaveURL(/\/login/);
  await mac.page.goto("/dashboard");
  await expect(mac.page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  const owner = await db.user.findUniqueOrThrow({ where: { email: newEmail } });
  expect(owner.credentialsVersion).toBe(1);
  await mac.signOut();
  await mac.signIn({ email: newEmail, password: user.password });
});

test("row 5: past the step-up window the unfinished set-up's key is hidden, and 'Turn on' asks 'Confirm it's you' before it hands out recovery codes", async ({
  signedIn,
  user,
  browser,
}) => {
  await verifyEmail(user.email);
  const owner = signedIn.page;
  const secret = await startTwoFactorSetup(owner);
  await ageSignIn(owner);

  // A cookie past the window (here copied to another browser) sees no key, and cannot have it shown.
  const thief = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "203.0.113.95" } });
  await thief.addCookies(await signedIn.context.cookies());
  const page = await thief.newPage();
  await page.goto("/settings/two-factor");
  await expect(page.getByRole("heading", { name: "Two-factor authentication" })).toBeVisible();
  await expect(page.getByLabel("Setup key")).toHaveCount(0);
  await expect(page.getByRole("img", { name: /QR code/ })).toHaveCount(0);
  await page.getByRole("button", { name: "Show setup key" }).click();
  await expect(dialog(page)).toBeVisible();
  await expect(page.getByLabel("Setup key")).toHaveCount(0);
  await thief.close();

  // The owner's page still shows the key it showed in time; "Turn on" now asks who it is first.
  await owner.getByLabel("Authentication code").fill(await generate({ secret }));
  await owner.getByRole("button", { name: "Turn on" }).click();
  await expect(dialog(owner)).toBeVisible();
  const before = await db.user.findUniqueOrThrow({ where: { email: user.email } });
  expect(before.totpEnabledAt).toBeNull();
  expect(await db.recoveryCode.count({ where: { userId: before.id } })).toBe(0);
  await dialog(owner).getByLabel("Password").fill(user.password);
  await dialog(owner).getByRole("button", { name: "Confirm" }).click();
  await expect(owner.getByRole("list", { name: "Recovery codes" }).getByRole("listitem")).toHaveCount(10);
  expect((await db.user.findUniqueOrThrow({ where: { id: before.id } })).totpEnabledAt).not.toBeNull();
});

test("row 5: an administrator signed in as the user does not see the key of the user's unfinished set-up", async ({
  browser,
  baseURL,
}) => {
  const creds = newCredentials();
  const userId = await createAccount(creds);
  await verifyEmail(creds.email);
  const { sealed } = await newSecret();
  // The owner started a set-up a minute ago and left it.
  await db.user.update({
    where: { id: userId },
    data: { totpPendingSecret: sealed, totpSetupStartedAt: new Date(Date.now() - 60_000) },
  });
  const adminId = (await db.user.findUniqueOrThrow({ where: { email: SEEDED_ADMIN.email } })).id;
  const sessionToken = newSessionToken();
  await insertSession(db, {
    sessionToken,
    userId,
    expires: impersonationExpiry(),
    signInMethod: "impersonation",
    impersonatorId: adminId,
  });
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "198.18.250.25" } });
  await context.addCookies([{ name: "authjs.session-token", value: sessionToken, url: baseURL ?? "" }]);
  const page = await context.newPage();
  await page.goto("/settings/two-factor");
  await expect(page.getByRole("heading", { name: "Two-factor authentication" })).toBeVisible();
  await expect(page.getByText("Not while you are signed in as this user").first()).toBeVisible();
  await expect(page.getByLabel("Setup key")).toHaveCount(0);
  await expect(page.getByRole("img", { name: /QR code/ })).toHaveCount(0);
  await context.close();
});

test("an unverified address offers no passkey or authenticator app; an unfinished set-up expires after 10 minutes", async ({
  signedIn,
  user,
}) => {
  const page = signedIn.page;
  for (const [path, button] of [
    ["/settings/two-factor", "Set up authenticator app"],
    ["/settings/passkeys", "Add a passkey"],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole("status").filter({ hasText: "Verify your email first" })).toBeVisible();
    await expect(page.getByRole("button", { name: button })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Resend verification email" })).toBeVisible();
  }

  await verifyEmail(user.email);
  const secret = await startTwoFactorSetup(page);
  // The set-up began 11 minutes ago: the right code no longer turns anything on.
  await db.user.update({
    where: { email: user.email },
    data: { totpSetupStartedAt: new Date(Date.now() - 11 * 60_000) },
  });
  await page.getByLabel("Authentication code").fill(await generate({ secret }));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByRole("alert").filter({ hasText: SETUP_EXPIRED })).toBeVisible();
  const after = await db.user.findUniqueOrThrow({ where: { email: user.email } });
  expect([after.totpPendingSecret, after.totpEnabledAt]).toEqual([null, null]);
  await page.reload();
  await expect(page.getByLabel("Setup key")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Set up authenticator app" })).toBeVisible();
});
