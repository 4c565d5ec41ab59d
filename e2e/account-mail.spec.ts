// Verification, password reset, new-sign-in alerts and change of address, end
// to end over real SMTP: the e2e server sends every message to a test SMTP
// server (scripts/e2e-server.ts) and the tests read the links out of the mail.
import { db } from "@/lib/db/client";
import { type Device, expect, test } from "./fixtures";
import { linkIn, waitForMail } from "./mail-sink";
import { replay } from "./replay";

const SAME_ANSWER =
  "If an account uses that address, we sent it a link to set a new password. The link works for 30 minutes.";

async function requestReset(device: Device, email: string): Promise<void> {
  await device.page.goto("/forgot-password");
  await device.page.getByLabel("Email").fill(email);
  await device.page.getByRole("button", { name: "Send reset link" }).click();
  await expect(device.page.getByRole("status")).toHaveText(SAME_ANSWER);
}

async function setNewPassword(device: Device, link: string, password: string): Promise<void> {
  await device.page.goto(link);
  await device.page.getByLabel("New password").fill(password);
  await device.page.getByRole("button", { name: "Set new password" }).click();
}

/** The edge's own answer for a device's cookies: 401 once the revocation feed has the session. */
async function edgeStatus(device: Device): Promise<number> {
  return (await device.page.request.get("/api/session/edge")).status();
}

test("sign-up mails a verification link; opening it changes nothing until the button is pressed", async ({
  signedIn,
  user,
}) => {
  const page = signedIn.page;
  await page.goto("/dashboard");
  await expect(page.getByText("not verified")).toBeVisible();

  const mail = await waitForMail(user.email, "Verify your email");
  const link = linkIn(mail, "Verify email");
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/verify-email\?token=/);
  // As a mail scanner would: a plain GET.
  expect((await page.request.get(link)).status()).toBe(200);
  const before = await db.user.findUniqueOrThrow({ where: { email: user.email } });
  expect(before.emailVerified).toBeNull();

  await page.goto(link);
  await page.getByRole("button", { name: "Verify email" }).click();
  await expect(page.getByRole("status")).toHaveText(`Your email address ${user.email} is verified.`);
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByText("not verified")).toHaveCount(0);
  expect(await db.auditEvent.count({ where: { targetUserId: before.id, action: "email.verified" } })).toBe(1);

  // The link worked once.
  await page.goto(link);
  await expect(page.getByRole("alert").filter({ hasText: "used already" })).toBeVisible();
});

test("resending the verification mail is limited per address", async ({ signedIn, user }) => {
  const page = signedIn.page;
  await page.goto("/dashboard");
  const resend = page.getByRole("button", { name: "Resend verification email" });
  for (let i = 0; i < 3; i++) {
    await resend.click();
    await expect(page.getByRole("status").filter({ hasText: "We sent a new link" })).toBeVisible();
    await page.reload();
  }
  await resend.click();
  await expect(page.getByRole("alert").filter({ hasText: "We sent several links already" })).toBeVisible();
  // The one from sign-up and three resends.
  await waitForMail(user.email, "Verify your email", 4);
  expect(await db.mailMessage.count({ where: { to: user.email, kind: "verify_email" } })).toBe(4);
});

test("forgot password: same answer for a real and an unknown address, one mail; the reset ends every session, at the edge too", async ({
  fastDevicesOf,
  openDevice,
  user,
}) => {
  const [phone, laptop] = await fastDevicesOf(["safariIphone", "firefoxWindows"]);
  const stranger = await openDevice("edgeWindows");
  const unknown = `nobody-${Date.now()}@example.com`;
  await requestReset(stranger, unknown);
  await requestReset(stranger, user.email);

  const mail = await waitForMail(user.email, "Reset your password");
  // Written in the request's transaction, so a count now is final.
  expect(await db.mailMessage.count({ where: { to: unknown } })).toBe(0);
  expect(mail.text).toContain(`${stranger.label} (IP address ${stranger.ip})`);
  const link = linkIn(mail, "Set a new password");
  // The database holds the token's hash, never the token.
  const token = new URL(link).searchParams.get("token")!;
  expect(await db.linkToken.count({ where: { tokenHash: token } })).toBe(0);

  const newPassword = `${user.password}-reset`;
  await setNewPassword(stranger, link, newPassword);
  await expect(stranger.page).toHaveURL(/\/login\?reset=1$/);
  await expect(stranger.page.getByRole("status")).toContainText("Your password was changed");

  for (const device of [phone, laptop]) {
    await expect.poll(() => edgeStatus(device), { timeout: 5_000 }).toBe(401);
    await device.page.goto("/dashboard");
    await expect(device.page).toHaveURL(/\/login/);
  }
  await waitForMail(user.email, "Your password was changed");

  // The old password fails, the new one works, and the link is spent.
  await stranger.page.goto("/login");
  await stranger.page.getByLabel("Email").fill(user.email);
  await stranger.page.getByLabel("Password").fill(user.password);
  await stranger.page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(stranger.page.getByRole("alert").filter({ hasText: "incorrect" })).toBeVisible();
  await stranger.signIn({ email: user.email, password: newPassword });
  await stranger.page.goto(link);
  await expect(stranger.page.getByRole("alert").filter({ hasText: "used already" })).toBeVisible();
  await expect(stranger.page.getByRole("link", { name: "Forgot password?" })).toBeVisible();
});

test("a reset link is refused once expired, after a later password change, or when a newer one was sent", async ({
  fastSignedIn,
  user,
}) => {
  const page = fastSignedIn.page;
  await requestReset(fastSignedIn, user.email);
  const first = linkIn(await waitForMail(user.email, "Reset your password"), "Set a new password");
  await requestReset(fastSignedIn, user.email);
  const second = linkIn(await waitForMail(user.email, "Reset your password", 2), "Set a new password");

  await page.goto(first);
  await expect(page.getByRole("alert").filter({ hasText: "newer link was sent" })).toBeVisible();

  // Time moved in the database: the newest link ran out.
  const owner = await db.user.findUniqueOrThrow({ where: { email: user.email } });
  await db.linkToken.updateMany({
    where: { userId: owner.id, purpose: "reset_password" },
    data: { expires: new Date(Date.now() - 1000) },
  });
  await page.goto(second);
  await expect(page.getByRole("alert").filter({ hasText: "has expired" })).toBeVisible();

  await requestReset(fastSignedIn, user.email);
  const third = linkIn(await waitForMail(user.email, "Reset your password", 3), "Set a new password");
  // Opened in a second tab while the link still works; the password changes before it is submitted.
  const tab = await fastSignedIn.context.newPage();
  await tab.goto(third);
  await tab.getByLabel("New password").fill("never-set-password");
  await page.goto("/settings/password");
  await page.getByLabel("Current password").fill(user.password);
  await page.getByLabel("New password").fill(`${user.password}-changed`);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toContainText("Password changed.");
  await tab.getByRole("button", { name: "Set new password" }).click();
  await expect(tab.getByRole("alert").filter({ hasText: "password was changed" })).toBeVisible();
  await page.goto(third);
  await expect(page.getByRole("alert").filter({ hasText: "password was changed" })).toBeVisible();
  expect(await db.auditEvent.count({ where: { targetUserId: owner.id, action: "password.reset" } })).toBe(0);
});

test("a forged Host header does not move the reset link off the server's own address", async ({
  fastSignedIn,
  user,
  baseURL,
}) => {
  const page = fastSignedIn.page;
  await page.goto("/forgot-password");
  let captured: import("@playwright/test").Request | undefined;
  await page.route("**/forgot-password", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    captured = route.request();
    await route.abort();
  });
  await page.getByLabel("Email").fill(user.email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect.poll(() => captured).toBeDefined();
  const { status } = await replay(captured!, new URL(baseURL!).port, {
    host: "evil.example",
    "x-forwarded-host": "evil.example",
    "x-forwarded-proto": "https",
    // Next accepts an action whose Origin matches the (forwarded) host: as a forger would send it.
    origin: "https://evil.example",
  });
  expect(status).toBe(200);
  const mail = await waitForMail(user.email, "Reset your password");
  expect(linkIn(mail, "Set a new password").startsWith(`${baseURL}/reset-password?token=`)).toBe(true);
  expect(mail.html + mail.text).not.toContain("evil.example");
});

test("a sign-in from a new device mails the owner; 'This wasn't me' ends that session only when its button is pressed", async ({
  devicesOf,
  user,
}) => {
  const [home, intruder] = await devicesOf(["chromeMac", "firefoxWindows"]);
  const mail = await waitForMail(user.email, "New sign-in");
  expect(mail.text).toContain(`${intruder.label} (IP address ${intruder.ip})`);
  // The device the account was made on is not new, and signing in there again is not either.
  await home.signOut();
  await home.signIn(user);
  await intruder.page.goto("/dashboard");
  await expect(intruder.page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  expect(await db.mailMessage.count({ where: { to: user.email, kind: "new_sign_in" } })).toBe(1);

  const link = linkIn(mail, "This wasn't me");
  // A mail scanner's GET ends nothing.
  expect((await home.page.request.get(link)).status()).toBe(200);
  await intruder.page.goto("/devices");
  await expect(intruder.page.getByRole("heading", { name: "Active devices" })).toBeVisible();

  await home.page.goto(link);
  await expect(home.page.getByText(`${intruder.label} (IP address ${intruder.ip})`)).toBeVisible();
  await home.page.getByRole("button", { name: "Sign out that device" }).click();
  await expect(home.page.getByRole("status")).toContainText("That device was signed out.");
  await intruder.page.goto("/devices");
  await expect(intruder.page).toHaveURL(/\/login/);
  // The owner's own device stays signed in; the link is spent.
  await home.page.goto("/dashboard");
  await expect(home.page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await home.page.goto(link);
  await expect(home.page.getByRole("alert").filter({ hasText: "used already" })).toBeVisible();
});

test("changing the address: link to the new one, notice to the old one, the change happens only on confirming", async ({
  fastSignedIn,
  user,
}) => {
  const page = fastSignedIn.page;
  const newEmail = user.email.replace("@", "+new@");
  await page.goto("/settings/email");
  await page.getByLabel("New email").fill(newEmail);
  await page.getByLabel("Current password").fill("not-the-password");
  await page.getByRole("button", { name: "Change email" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "current password is incorrect" })).toBeVisible();

  await page.getByLabel("New email").fill(newEmail);
  await page.getByLabel("Current password").fill(user.password);
  await page.getByRole("button", { name: "Change email" }).click();
  await expect(page.getByRole("status")).toContainText(`We sent a link to ${newEmail}`);
  await waitForMail(user.email, "Your email is about to change");
  const link = linkIn(await waitForMail(newEmail, "Verify your email"), "Confirm the new address");

  expect((await page.request.get(link)).status()).toBe(200);
  expect(await db.user.count({ where: { email: user.email } })).toBe(1);

  await page.goto(link);
  await page.getByRole("button", { name: "Confirm new address" }).click();
  await expect(page.getByRole("status")).toHaveText(`Your sign-in address is now ${newEmail}.`);
  const changed = await waitForMail(user.email, "Your email was changed");
  expect(changed.text).toContain(newEmail);
  const owner = await db.user.findUniqueOrThrow({ where: { email: newEmail } });
  expect(owner.emailVerified).not.toBeNull();
  expect(await db.auditEvent.count({ where: { targetUserId: owner.id, action: "email.changed" } })).toBe(1);

  await fastSignedIn.signOut();
  await fastSignedIn.signIn({ email: newEmail, password: user.password });
});
