// Two-factor sign-in with an authenticator app. Codes are computed here with
// otplib; a code is accepted once, so later codes are taken from the next time
// step (within the one step of drift the server allows), never by waiting.
import { generate } from "otplib";
import { db } from "@/lib/db/client";
import { newSecret } from "@/lib/two-factor/totp";
import { type Credentials, createAccount, type Device, expect, newCredentials, test } from "./fixtures";
import { verifyEmail } from "./helpers/verify";
import { waitForMail } from "./mail-sink";
import { recordSecret } from "./secrets";

const code = (secret: string, stepsAhead: number) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + stepsAhead * 30 });

/** The password step: ends on the second-factor page, with no session yet. */
async function passwordStep(device: Device, user: Pick<Credentials, "email" | "password">) {
  await device.page.goto("/login");
  await device.page.getByLabel("Email").fill(user.email);
  await device.page.getByLabel("Password").fill(user.password);
  await device.page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(device.page).toHaveURL(/\/login\/two-factor/);
  expect(await device.cookie("authjs.session-token")).toBeUndefined();
  expect(await device.cookie("edge-token")).toBeUndefined();
}

async function enterCode(device: Device, label: "Authentication code" | "Recovery code", value: string) {
  await device.page.getByLabel(label).fill(value);
  await device.page.getByRole("button", { name: "Verify" }).click();
}

test("turning on an authenticator app: sign-in then needs a code; wrong and reused codes and used recovery codes are refused", async ({
  fastSignedIn: signedIn,
  user,
  openDevice,
}) => {
  const page = signedIn.page;
  // Setting up an authenticator app needs a verified address (e2e/security/mail-takeover.spec.ts).
  await verifyEmail(user.email);
  await page.goto("/settings/two-factor");
  await page.getByRole("button", { name: "Set up authenticator app" }).click();
  await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
  const secret = recordSecret("TOTP secret", await page.getByLabel("Setup key").inputValue());
  await page.getByLabel("Authentication code").fill(await code(secret, 0));
  await page.getByRole("button", { name: "Turn on" }).click();
  const listed = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(listed).toHaveCount(10);
  const recovery = await listed.allTextContents();
  for (const c of recovery) recordSecret("recovery code", c);
  await expect(page.getByRole("button", { name: "Generate new recovery codes" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Turn off" })).toBeVisible();
  await waitForMail(user.email, "Two-factor sign-in was turned on");
  const owner = await db.user.findUniqueOrThrow({ where: { email: user.email } });
  const sessions = () => db.session.count({ where: { userId: owner.id } });

  const laptop = await openDevice("firefoxWindows");
  await passwordStep(laptop, user);
  expect(await sessions()).toBe(1);
  await enterCode(laptop, "Authentication code", await code(secret, 10));
  await expect(laptop.page.getByRole("alert").filter({ hasText: "not right" })).toBeVisible();
  const accepted = await code(secret, 1);
  await enterCode(laptop, "Authentication code", accepted);
  await expect(laptop.page).toHaveURL(/\/dashboard$/);
  await laptop.page.goto("/devices");
  await expect(laptop.page.getByRole("listitem").first()).toContainText("Password + authenticator app");

  // The same code again, on another device, within its window: refused.
  const tablet = await openDevice("edgeWindows");
  await passwordStep(tablet, user);
  await enterCode(tablet, "Authentication code", accepted);
  await expect(tablet.page.getByRole("alert").filter({ hasText: "used already" })).toBeVisible();
  await tablet.page.getByRole("link", { name: "Use a recovery code" }).click();
  await enterCode(tablet, "Recovery code", recovery[0] ?? "");
  await expect(tablet.page).toHaveURL(/\/dashboard$/);
  await waitForMail(user.email, "A recovery code was used");

  const phone = await openDevice("safariIphone");
  await passwordStep(phone, user);
  await phone.page.getByRole("link", { name: "Use a recovery code" }).click();
  await enterCode(phone, "Recovery code", recovery[0] ?? "");
  await expect(phone.page.getByRole("alert").filter({ hasText: "used already" })).toBeVisible();
  expect(await sessions()).toBe(3);

  const actions = (await db.auditEvent.findMany({ where: { targetUserId: owner.id } })).map((e) => e.action);
  expect(actions).toEqual(
    expect.arrayContaining(["two_factor.enabled", "two_factor.failed", "two_factor.recovery_used"]),
  );
});

test("a pending sign-in older than five minutes is refused, even with the right code", async ({
  openDevice,
}) => {
  const user = newCredentials();
  const id = await createAccount(user);
  const { secret, sealed } = await newSecret();
  recordSecret("TOTP secret", secret);
  await db.user.update({ where: { id }, data: { totpSecret: sealed, totpEnabledAt: new Date() } });
  const device = await openDevice();
  await passwordStep(device, user);
  // Time moved in the database: the pending sign-in ran out.
  await db.pendingSignIn.updateMany({
    where: { userId: id },
    data: { expires: new Date(Date.now() - 1000) },
  });
  await enterCode(device, "Authentication code", await code(secret, 0));
  await expect(device.page.getByRole("alert").filter({ hasText: "This sign-in has expired" })).toBeVisible();
  expect(await db.session.count({ where: { userId: id } })).toBe(0);
});

test("new recovery codes replace the old ones; turning it off is mailed and sign-in asks for the password only", async ({
  fastSignedIn: signedIn,
  user,
  openDevice,
}) => {
  const owner = await db.user.findUniqueOrThrow({ where: { email: user.email } });
  const { sealed } = await newSecret();
  await db.user.update({
    where: { id: owner.id },
    data: { totpSecret: sealed, totpEnabledAt: new Date(), emailVerified: new Date() },
  });
  const page = signedIn.page;
  await page.goto("/settings/two-factor");
  await page.getByRole("button", { name: "Generate new recovery codes" }).click();
  await expect(page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem")).toHaveCount(10);
  expect(await db.recoveryCode.count({ where: { userId: owner.id, usedAt: null } })).toBe(10);
  await page.getByRole("button", { name: "Turn off" }).click();
  // The page now offers to set it up again.
  await expect(page.getByRole("button", { name: "Set up authenticator app" })).toBeVisible();
  await waitForMail(user.email, "Two-factor sign-in was turned off");
  expect(await db.recoveryCode.count({ where: { userId: owner.id } })).toBe(0);
  const laptop = await openDevice("firefoxWindows");
  await laptop.signIn(user);
});
