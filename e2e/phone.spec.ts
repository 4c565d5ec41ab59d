// Every page at a phone's width (390 px): nothing may make the page itself scroll
// sideways. Wide tables scroll inside their own box instead.
import type { Page } from "@playwright/test";
import { db } from "@/lib/db/client";
import { adminAndUser, confirmInDialog, expect, test } from "./fixtures";
import { verifyEmail } from "./helpers/verify";
import { startOurServer } from "./own-server";

const PHONE = { width: 390, height: 844 };

async function expectNoSidewaysScroll(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator("main, body").first()).toBeVisible();
  const { width, culprits } = await page.evaluate((limit) => {
    // Named in the failure: the elements reaching past the edge, outermost first.
    const culprits = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > limit)
      .filter((el) => {
        // Inside a box that scrolls (or clips) on its own, it does not widen the page.
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement)
          if (getComputedStyle(up).overflowX !== "visible") return false;
        return true;
      })
      .slice(0, 3)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`.slice(0, 120));
    return { width: document.documentElement.scrollWidth, culprits };
  }, PHONE.width);
  expect(width, `${path} is ${width} px wide: ${culprits.join(" | ")}`).toBeLessThanOrEqual(PHONE.width);
}

test("signed-out pages fit 390 px", async ({ page }) => {
  await page.setViewportSize(PHONE);
  for (const path of [
    "/",
    "/login",
    "/login?next=%2Fsettings%2Fpassword",
    "/signup",
    "/forgot-password",
    "/reset-password?token=x",
    "/verify-email?token=x",
    "/confirm-email?token=x",
    "/not-me?token=x",
    "/login/two-factor",
    "/no-such-page",
  ])
    await expectNoSidewaysScroll(page, path);
});

test("signed-in and settings pages fit 390 px", async ({ fastSignedIn, user, openDevice }) => {
  const other = await openDevice("safariIphone");
  await other.startSession(user);
  const page = fastSignedIn.page;
  await page.setViewportSize(PHONE);
  for (const path of [
    "/dashboard",
    "/devices",
    "/settings/password",
    "/settings/email",
    "/settings/accounts",
    "/settings/passkeys",
    "/settings/two-factor",
    "/settings/activity",
    "/admin/sessions",
  ])
    await expectNoSidewaysScroll(page, path);
  // The set-up step of two-factor sign-in, with its QR code and key (it needs a verified address).
  await verifyEmail(user.email);
  await page.goto("/settings/two-factor");
  await page.getByRole("button", { name: "Set up authenticator app" }).click();
  await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
});

test("admin pages and their dialogs fit 390 px; the tables scroll in their own box", async ({
  admin,
  user,
  openDevice,
}) => {
  const { adminDevice } = await adminAndUser(openDevice, admin, user);
  const page = adminDevice.page;
  await page.setViewportSize(PHONE);
  const filtered = `/admin/sessions?email=${encodeURIComponent(user.email)}`;
  for (const path of [
    "/admin/sessions",
    filtered,
    "/admin/audit",
    "/admin/mail",
    "/admin/audit?action=session.created",
  ])
    await expectNoSidewaysScroll(page, path);

  // A locked account with a long reason, shown in full.
  await page.goto(filtered);
  await page.getByRole("button", { name: "Lock account" }).click();
  await confirmInDialog(page, "Lock account", {
    Reason: "A long reason that goes on: ".repeat(8),
    "Locked until": new Date(Date.now() + 86_400_000).toISOString().slice(0, 16),
  });
  await expect(page.getByRole("status")).toContainText(`Locked ${user.email}`);
  await expectNoSidewaysScroll(page, filtered);
  expect((await db.user.findUniqueOrThrow({ where: { email: user.email } })).lockedReason).toContain(
    "long reason",
  );

  for (const button of ["Revoke all sessions", "End every session"]) {
    await page.getByRole("button", { name: button }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog).toBeVisible();
    const box = await dialog.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= PHONE.width, button).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toHaveCount(0);
  }

  // The sessions table is wider than the phone: it scrolls inside its own box.
  await page.goto("/admin/sessions");
  const box = page.getByRole("table").locator("xpath=..");
  const [inner, outer] = await box.evaluate((el) => [el.scrollWidth, el.clientWidth]);
  expect(outer).toBeLessThanOrEqual(PHONE.width);
  expect(["auto", "scroll"]).toContain(await box.evaluate((el) => getComputedStyle(el).overflowX));
  expect(inner).toBeGreaterThanOrEqual(outer);
});

test("the dev mailbox and a message in it fit 390 px", async ({ fastSignedIn }) => {
  // Only a loopback server without SMTP_URL has it; the sign-up's verification mail is in the outbox.
  const demo = await startOurServer({ SMTP_URL: "" });
  try {
    const page = fastSignedIn.page;
    await page.setViewportSize(PHONE);
    await expectNoSidewaysScroll(page, `${demo.origin}/dev/mailbox`);
    const message = page.getByRole("listitem").first().getByRole("link");
    await expectNoSidewaysScroll(page, `${demo.origin}${await message.getAttribute("href")}`);
  } finally {
    await demo.stop();
  }
});
