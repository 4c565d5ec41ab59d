// REQUIRE_ADMIN_MFA=true on a server of its own (the shared e2e server turns it
// off for the fixtures' password-only administrators): /admin/* needs a session
// whose sign-in used a second factor, at the edge and again in the page.
import { generate } from "otplib";
import { db } from "@/lib/db/client";
import { mintEdgeToken } from "@/lib/edge/token";
import { newSecret } from "@/lib/two-factor/totp";
import { expect, test } from "./fixtures";
import { startOurServer } from "./own-server";
import { recordSecret } from "./secrets";

test("an administrator without a second factor is sent to set one up, at the edge and in the page; with a code, admin pages open", async ({
  admin,
  openDevice,
}) => {
  const strict = await startOurServer({ REQUIRE_ADMIN_MFA: "true" });
  try {
    const device = await openDevice();
    const page = device.page;
    const signIn = async () => {
      await page.goto(`${strict.origin}/login`);
      await page.getByLabel("Email").fill(admin.email);
      await page.getByLabel("Password").fill(admin.password);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
    };
    await signIn();
    await expect(page).toHaveURL(`${strict.origin}/dashboard`);
    await page.goto(`${strict.origin}/admin/sessions`);
    await expect(page).toHaveURL(`${strict.origin}/settings/two-factor?required=admin`);
    await expect(page.getByRole("status")).toContainText(
      "Administrator pages need a sign-in with a second factor",
    );

    // An edge token that claims a second factor is not enough: the page reads the database session.
    const { sid, sub } = (await (await page.request.get(`${strict.origin}/api/session/edge`)).json()) as {
      sid: string;
      sub: string;
    };
    const forged = await mintEdgeToken({
      sub,
      sid,
      role: "admin",
      authTime: new Date(),
      amr: ["pwd", "otp"],
    });
    await device.context.addCookies([{ name: "edge-token", value: forged, url: strict.origin }]);
    await page.goto(`${strict.origin}/admin/audit`);
    await expect(page).toHaveURL(`${strict.origin}/settings/two-factor?required=admin`);

    // With an authenticator app, signing in with its code opens the admin pages.
    const owner = await db.user.findUniqueOrThrow({ where: { email: admin.email } });
    const { secret, sealed } = await newSecret();
    recordSecret("TOTP secret", secret);
    await db.user.update({
      where: { id: owner.id },
      data: { totpSecret: sealed, totpEnabledAt: new Date() },
    });
    await device.signOut();
    await signIn();
    await expect(page).toHaveURL(/\/login\/two-factor/);
    await page.getByLabel("Authentication code").fill(await generate({ secret }));
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page).toHaveURL(`${strict.origin}/dashboard`);
    await page.goto(`${strict.origin}/admin/sessions`);
    await expect(page.getByRole("heading", { level: 1, name: "Sessions" })).toBeVisible();
  } finally {
    await strict.stop();
  }
});
