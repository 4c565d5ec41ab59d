// Mail on servers of their own (heavy project: starting one beside two workers
// starves them): SMTP down while a reset is asked for, on a database of its own,
// and the dev mailbox of a loopback server without SMTP_URL.
import Database from "better-sqlite3";
import { startSilentServer, startTestSmtpServer, type TestSmtpServer } from "@/lib/testing/smtp-server";
import { confirmInDialog, expect, newCredentials, test } from "./fixtures";
import { changePassword } from "./helpers/password";
import { linkIn } from "./mail-sink";
import { ownDatabase, startOurServer } from "./own-server";

test("SMTP down while a reset is asked for: the page answers at once, the mail waits queued with the error and goes out once SMTP is back", async ({
  openDevice,
}) => {
  // A server that accepts connections and never answers, then none at all, then a working one: same port.
  const silent = await startSilentServer();
  const password = "down-then-up-password";
  const database = ownDatabase();
  const down = await startOurServer({
    DATABASE_URL: database.url,
    SMTP_URL: `smtp://app:${password}@127.0.0.1:${silent.port}`,
    MAIL_RETRY_SECONDS: "1",
    MAIL_POLL_SECONDS: "1",
  });
  const outbox = new Database(database.file, { readonly: true });
  const row = (email: string) =>
    outbox
      .prepare(
        `SELECT "status", "lastError", "sentAt" FROM "MailMessage" WHERE "to" = ? AND "kind" = 'reset_password'`,
      )
      .get(email) as { status: string; lastError: string | null; sentAt: unknown } | undefined;
  let back: TestSmtpServer | undefined;
  try {
    const creds = newCredentials();
    const device = await openDevice();
    await device.signUp(creds, down.origin);

    await device.page.goto(`${down.origin}/forgot-password`);
    await device.page.getByLabel("Email").fill(creds.email);
    await device.page.getByRole("button", { name: "Send reset link" }).click();
    await expect(device.page.getByRole("status")).toContainText("we sent it a link");
    // The page answered before any send attempt ended: sending inline would have
    // waited out the silent server's greeting and recorded the failure first.
    expect(row(creds.email)).toMatchObject({ lastError: null, sentAt: null });

    await silent.stop();
    await expect
      .poll(() => row(creds.email)?.lastError ?? null, { timeout: 20_000, intervals: [100] })
      .not.toBeNull();
    expect(row(creds.email)?.status).toBe("queued");
    expect(row(creds.email)?.lastError).not.toContain(password);

    back = await startTestSmtpServer({ port: silent.port, password });
    await expect.poll(() => back?.to(creds.email).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    await expect.poll(() => row(creds.email)?.status, { timeout: 20_000 }).toBe("sent");
    const reset = back.to(creds.email).find((m) => m.subject.startsWith("Reset your password"));
    expect(reset && linkIn(reset, "Set a new password")).toContain("/reset-password?token=");
  } finally {
    outbox.close();
    await down.stop();
    await back?.stop();
    database.remove();
  }
});

test("the dev mailbox of a loopback server without SMTP_URL lists messages newest first and opens them, links working", async ({
  fastSignedIn,
  user,
  admin,
  openDevice,
}) => {
  // No SMTP_URL: this server keeps what it writes in the dev mailbox, which the e2e server never sends.
  const demo = await startOurServer({ SMTP_URL: "" });
  try {
    await changePassword(fastSignedIn, demo.origin, user.password);
    // Then an administrator locks the account: a second message, newer.
    const adminDevice = await openDevice("firefoxWindows");
    await adminDevice.startSession(admin);
    await adminDevice.page.goto(`${demo.origin}/admin/sessions?email=${encodeURIComponent(user.email)}`);
    await adminDevice.page.getByRole("button", { name: "Lock account" }).click();
    await confirmInDialog(adminDevice.page, "Lock account", { Reason: "Mailbox test" });
    await expect(adminDevice.page.getByRole("status")).toContainText(`Locked ${user.email}`);

    await adminDevice.page.goto(`${demo.origin}/dev/mailbox`);
    await expect(adminDevice.page.getByRole("heading", { level: 1, name: "Mailbox" })).toBeVisible();
    const items = adminDevice.page.getByRole("listitem").filter({ hasText: user.email });
    // The account was made in the database (fastSignedIn), so no sign-up mail is listed before these two.
    await expect(items).toHaveCount(2);
    await expect(items.nth(0)).toContainText("Your account was locked");
    await expect(items.nth(1)).toContainText("Your password was changed");
    await expect(items.nth(1).locator("time")).toHaveCount(1);

    await items.nth(1).getByRole("link").click();
    await expect(adminDevice.page).toHaveURL(/\/dev\/mailbox\/[^/]+$/);
    await expect(
      adminDevice.page.getByRole("heading", { level: 1, name: "Your password was changed" }),
    ).toBeVisible();
    await expect(adminDevice.page.getByRole("article")).toContainText(
      `${fastSignedIn.label} (IP address ${fastSignedIn.ip})`,
    );
    const link = adminDevice.page.getByRole("article").getByRole("link", { name: "Sign in", exact: true });
    await expect(link).toHaveAttribute("href", `${demo.origin}/login`);
    await link.click();
    await expect(adminDevice.page).toHaveURL(/\/(login|dashboard)/);
  } finally {
    await demo.stop();
  }
});
