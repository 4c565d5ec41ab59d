// A user's own security activity: sign-ins, a failed attempt, a revoke by
// another device, in words, newest first; never another user's events.
import { encodeCursor } from "@/lib/admin/cursor";
import { db } from "@/lib/db/client";
import { expect, newCredentials, test } from "./fixtures";

test("security activity lists the user's own events in words, newest first, and nobody else's", async ({
  fastDevicesOf,
  openDevice,
  user,
}) => {
  const [mac, windows] = await fastDevicesOf(["chromeMac", "firefoxWindows"]);
  const stranger = await openDevice("edgeWindows");
  await stranger.page.goto("/login");
  await stranger.page.getByLabel("Email").fill(user.email);
  await stranger.page.getByLabel("Password").fill("a-wrong-guess");
  await stranger.page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(stranger.page.getByRole("alert").filter({ hasText: "incorrect" })).toBeVisible();
  await windows.revoke(mac);

  // Someone else's failed sign-in, from an address that must not show here.
  const other = newCredentials();
  const otherUser = await db.user.create({ data: { email: other.email, name: other.name } });
  const foreign = await db.auditEvent.create({
    data: {
      action: "login.failed",
      targetUserId: otherUser.id,
      ip: "203.0.113.77",
      details: { reason: "wrong_password" },
    },
  });

  const page = windows.page;
  await page.goto("/settings/activity");
  await expect(page.getByRole("heading", { level: 1, name: "Security activity" })).toBeVisible();
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows.nth(1)).toContainText("A device was signed out (revoked from the devices page)");
  await expect(rows.nth(1)).toContainText(`you on ${windows.label}`);
  await expect(rows.nth(2)).toContainText("Failed sign-in attempt");
  await expect(rows.nth(2)).toContainText(stranger.ip);
  await expect(rows.filter({ hasText: "Signed in" })).toHaveCount(2);
  await expect(rows.filter({ hasText: "Account created" })).toHaveCount(1);
  await expect(page.getByRole("table")).not.toContainText("203.0.113.77");

  // A cursor made from the other user's event only positions within this user's rows.
  const cursor = encodeCursor({ at: new Date(foreign.createdAt.getTime() + 1000), id: foreign.id });
  await page.goto(`/settings/activity?after=${cursor}`);
  await expect(page.getByRole("table")).not.toContainText("203.0.113.77");
  await expect(rows.filter({ hasText: "Failed sign-in attempt" })).toHaveCount(1);
});
