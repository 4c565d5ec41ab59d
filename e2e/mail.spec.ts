// Mail over real SMTP: the e2e server sends to a test SMTP server
// (scripts/e2e-server.ts). Servers of their own: e2e/mail-servers.spec.ts.
import { db } from "@/lib/db/client";
import { expect, test } from "./fixtures";
import { createFailedMessage } from "./helpers/mail";
import { changePassword } from "./helpers/password";
import { linkIn, waitForMail } from "./mail-sink";

test("a password change mails the owner over SMTP: device, IP, and a link on the server's own address", async ({
  fastSignedIn,
  user,
  baseURL,
}) => {
  await changePassword(fastSignedIn, baseURL!, user.password);
  const mail = await waitForMail(user.email, "Your password was changed");
  expect(mail.from).toMatch(/Hybrid Auth.*<no-reply@localhost>/);
  for (const part of [mail.text, mail.html]) {
    expect(part).toContain(`${fastSignedIn.label} (IP address ${fastSignedIn.ip})`);
    expect(part).toContain(`${baseURL}/login`);
  }
  expect(linkIn(mail, "Sign in")).toBe(`${baseURL}/login`);
});

test("the dev mailbox does not exist on a server with SMTP_URL", async ({ fastSignedIn }) => {
  for (const path of ["/dev/mailbox", "/dev/mailbox/some-id"])
    expect((await fastSignedIn.page.request.get(path)).status()).toBe(404);
});

test("an administrator sees a failed message with its error in the outbox and sends it again", async ({
  admin,
  openDevice,
}) => {
  const to = `failed-${Date.now()}@example.com`;
  const failed = await createFailedMessage(to);
  const device = await openDevice();
  await device.startSession(admin);
  await device.page.goto("/admin/mail?status=failed");
  await expect(device.page.getByRole("heading", { level: 1, name: "Mail outbox" })).toBeVisible();
  const row = device.page.getByRole("row").filter({ hasText: to });
  await expect(row).toContainText("ECONNREFUSED");
  await row.getByRole("button", { name: `Send again: Your password was changed to ${to}` }).click();
  // Queued again, it leaves the list of failed messages.
  await expect(row).toHaveCount(0);

  await waitForMail(to, "Your password was changed");
  await expect
    .poll(async () => (await db.mailMessage.findUniqueOrThrow({ where: { id: failed.id } })).status)
    .toBe("sent");
  expect(await db.auditEvent.count({ where: { action: "mail.retried" } })).toBeGreaterThanOrEqual(1);
});
