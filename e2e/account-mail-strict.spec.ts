// REQUIRE_EMAIL_VERIFICATION=true, on a server of its own (heavy project: its
// start-up would starve the tests beside it) sharing the e2e database and SMTP sink.
import { db } from "@/lib/db/client";
import { type Credentials, expect, newCredentials, test } from "./fixtures";
import { linkIn, sinkUrl, waitForMail } from "./mail-sink";
import { startOurServer } from "./own-server";

test("with REQUIRE_EMAIL_VERIFICATION, sign-up answers the same for a new and a taken address, and sign-in waits for the link", async ({
  fastSignedIn,
  user,
  openDevice,
}) => {
  // Same database and same SMTP sink as the e2e server: whichever server sends a message, it arrives.
  const strict = await startOurServer({ SMTP_URL: sinkUrl(), REQUIRE_EMAIL_VERIFICATION: "true" });
  try {
    const device = await openDevice("edgeWindows");
    const page = device.page;
    const signUp = async (creds: Credentials) => {
      await page.goto(`${strict.origin}/signup`);
      await page.getByLabel("Name").fill(creds.name);
      await page.getByLabel("Email").fill(creds.email);
      await page.getByLabel("Password").fill(creds.password);
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page.getByRole("status")).toHaveText(
        `Check your email: we sent a message to ${creds.email} with the next step.`,
      );
    };
    const fresh = newCredentials();
    await signUp(fresh);
    await signUp({ ...newCredentials(), email: user.email });
    // The owner of the taken address hears of it; nothing was created or changed for it.
    const attempt = await waitForMail(user.email, "Someone tried to create");
    expect(attempt.text).toContain(`${device.label} (IP address ${device.ip})`);
    expect(await db.user.count({ where: { email: user.email } })).toBe(1);
    await fastSignedIn.page.goto("/dashboard");
    await expect(fastSignedIn.page.getByRole("heading", { name: "Dashboard" })).toBeVisible();

    // No session before the address is verified: a right password is refused, and a new link goes out.
    await page.goto(`${strict.origin}/dashboard`);
    await expect(page).toHaveURL(/\/login/);
    await page.getByLabel("Email").fill(fresh.email);
    await page.getByLabel("Password").fill(fresh.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "not verified yet" })).toBeVisible();
    expect(await device.cookie("authjs.session-token")).toBeUndefined();
    const link = linkIn(await waitForMail(fresh.email, "Verify your email", 2), "Verify email");

    await page.goto(link);
    await page.getByRole("button", { name: "Verify email" }).click();
    await expect(page.getByRole("status")).toContainText("is verified");
    await page.goto(`${strict.origin}/login`);
    await page.getByLabel("Email").fill(fresh.email);
    await page.getByLabel("Password").fill(fresh.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
  } finally {
    await strict.stop();
  }
});
