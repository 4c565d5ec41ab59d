// The dashboard's security overview: what the account has, what it lacks, each
// with the link that fixes or reviews it, and the latest security events.
import { db } from "@/lib/db/client";
import { newSecret } from "@/lib/two-factor/totp";
import { expect, test } from "./fixtures";

test("the security overview says what is missing, links to each fix, and follows the account as it changes", async ({
  fastSignedIn,
  user,
  openDevice,
}) => {
  const page = fastSignedIn.page;
  const overview = page.getByRole("region", { name: "Security overview" });
  const checks = overview.getByRole("list", { name: "Security checks" }).getByRole("listitem");
  const twoFactor = checks.filter({ hasText: "Two-factor authentication" });
  const passkeys = checks.filter({ hasText: "Passkeys" });
  const devices = checks.filter({ hasText: "Devices" });

  // A new account: no second factor, no passkey, one device.
  await expect(twoFactor).toContainText("Missing");
  await expect(twoFactor.getByRole("link", { name: "Turn on two-factor" })).toHaveAttribute(
    "href",
    "/settings/two-factor",
  );
  await expect(passkeys).toContainText("Missing");
  await expect(passkeys.getByRole("link", { name: "Add a passkey" })).toHaveAttribute(
    "href",
    "/settings/passkeys",
  );
  await expect(devices.getByRole("link", { name: "Review 1 device" })).toBeVisible();
  // The text the rest of the suite reads stays.
  await expect(page.getByText(`Signed in as ${user.email}`)).toBeVisible();
  await expect(page.getByText("You are signed in on 1 device.")).toBeVisible();

  // The latest events, from the user's own activity.
  const recent = overview.getByRole("list", { name: "Recent security events" });
  await expect(recent.getByRole("listitem").first()).toContainText("Signed in");
  await expect(recent).toContainText("Account created");

  // Another device, a second factor and a passkey: the overview says so and offers to manage them.
  const phone = await openDevice("firefoxWindows");
  await phone.startSession(user);
  const me = await db.user.findUniqueOrThrow({ where: { email: user.email } });
  const { sealed } = await newSecret();
  await db.user.update({ where: { id: me.id }, data: { totpSecret: sealed, totpEnabledAt: new Date() } });
  await db.authenticator.create({
    data: {
      credentialID: `overview-${me.id}`,
      userId: me.id,
      providerAccountId: `overview-${me.id}`,
      credentialPublicKey: "AAAA",
      counter: 0,
      credentialDeviceType: "multiDevice",
      credentialBackedUp: true,
    },
  });
  await page.reload();
  await expect(twoFactor).not.toContainText("Missing");
  await expect(twoFactor.getByRole("link", { name: "Manage two-factor" })).toBeVisible();
  await expect(passkeys).toContainText("1 passkey");
  await expect(passkeys.getByRole("link", { name: "Manage passkeys" })).toBeVisible();
  await devices.getByRole("link", { name: "Review 2 devices" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Active devices" })).toBeVisible();

  await page.goto("/dashboard");
  await overview.getByRole("link", { name: "All security activity" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Security activity" })).toBeVisible();
});
