// Mail over real SMTP (lib/testing/smtp-server.ts): our server started with
// SMTP_URL pointing at a test SMTP server and AUTH_URL naming another origin of
// this machine than the one the browser uses, so a link built from the request
// would show. Then SMTP down while a password changes, and the dev mailbox of the
// standard e2e server (loopback, no SMTP_URL).
import { request as httpRequest } from "node:http";
import { db } from "@/lib/db/client";
import { freePort } from "@/lib/testing/free-port";
import { startSilentServer, startTestSmtpServer, type TestSmtpServer } from "@/lib/testing/smtp-server";
import { type Device, expect, test } from "./fixtures";
import { startOurServer } from "./own-server";

test.describe.configure({ mode: "serial" });

async function changePassword(device: Device, origin: string, current: string): Promise<string> {
  const next = `${current}-new`;
  await device.page.goto(`${origin}/settings/password`);
  await device.page.getByLabel("Current password").fill(current);
  await device.page.getByLabel("New password").fill(next);
  await device.page.getByRole("button", { name: "Change password" }).click();
  await expect(device.page.getByRole("status")).toContainText("Password changed.");
  return next;
}

test.describe("with SMTP_URL", () => {
  let smtp: TestSmtpServer;
  let app: Awaited<ReturnType<typeof startOurServer>>;
  let publicUrl: string;

  test.beforeAll(async () => {
    smtp = await startTestSmtpServer();
    const port = await freePort();
    publicUrl = `http://localhost:${port}`;
    // Each app server drains the whole shared outbox: stopped before the next block starts its own.
    app = await startOurServer({ SMTP_URL: smtp.url, AUTH_URL: publicUrl }, port);
  });

  test.afterAll(async () => {
    await app?.stop();
    await smtp?.stop();
  });

  test("a password change mails the owner over SMTP: device, IP, and a link on AUTH_URL", async ({
    signedIn,
    user,
  }) => {
    await changePassword(signedIn, app.origin, user.password);

    await expect.poll(() => smtp.to(user.email).length, { timeout: 10_000 }).toBe(1);
    const [mail] = smtp.to(user.email);
    expect(mail?.subject.startsWith("Your password was changed")).toBe(true);
    expect(mail?.from).toMatch(/Hybrid Auth.*<no-reply@localhost>/);
    for (const part of [mail?.text, mail?.html]) {
      expect(part).toContain(`${signedIn.label} (IP address ${signedIn.ip})`);
      expect(part).toContain(`${publicUrl}/login`);
      expect(part).not.toContain(app.origin);
    }
    const row = await db.mailMessage.findFirstOrThrow({ where: { to: user.email } });
    expect(row).toMatchObject({ status: "sent", attempts: 1, lastError: null });
  });

  test("forged Host and X-Forwarded-Host headers do not change the link", async ({ signedIn, user }) => {
    const page = signedIn.page;
    await page.goto(`${app.origin}/settings/password`);
    // Capture the browser's real "Change password" post, then send it ourselves with forged headers.
    let captured: import("@playwright/test").Request | undefined;
    await page.route("**/settings/password", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      captured = route.request();
      await route.abort();
    });
    await page.getByLabel("Current password").fill(user.password);
    await page.getByLabel("New password").fill(`${user.password}-forged`);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect.poll(() => captured).toBeDefined();
    const sent = await captured!.allHeaders();
    const body = captured!.postDataBuffer()!;

    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: "127.0.0.1",
          port: app.port,
          path: "/settings/password",
          method: "POST",
          headers: {
            host: "evil.example",
            "x-forwarded-host": "evil.example",
            "x-forwarded-proto": "https",
            // Next accepts an action whose Origin matches the (forwarded) host: as a forger would send it.
            origin: "https://evil.example",
            "next-action": sent["next-action"]!,
            "content-type": sent["content-type"]!,
            accept: "text/x-component",
            cookie: sent.cookie!,
            "user-agent": sent["user-agent"]!,
            "x-forwarded-for": signedIn.ip,
            "content-length": body.length,
          },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
    expect(status).toBe(200);

    await expect.poll(() => smtp.to(user.email).length, { timeout: 10_000 }).toBe(1);
    const [mail] = smtp.to(user.email);
    expect(mail?.subject).toBe("Your password was changed");
    for (const part of [mail?.text, mail?.html]) {
      expect(part).toContain(`${publicUrl}/login`);
      expect(part).not.toContain("evil.example");
    }
  });

  test("the dev mailbox does not exist on a server with SMTP_URL", async ({ signedIn }) => {
    const row = await db.mailMessage.findFirstOrThrow({ select: { id: true } });
    for (const path of ["/dev/mailbox", `/dev/mailbox/${row.id}`])
      expect((await signedIn.page.request.get(`${app.origin}${path}`)).status()).toBe(404);
  });
});

test("SMTP down while a password changes: the page answers at once, the mail waits queued with the error and goes out once SMTP is back", async ({
  signedIn,
  user,
}) => {
  // A server that accepts connections and never answers, then none at all, then a working one: same port.
  const silent = await startSilentServer();
  const password = "down-then-up-password";
  const down = await startOurServer({
    SMTP_URL: `smtp://app:${password}@127.0.0.1:${silent.port}`,
    MAIL_RETRY_SECONDS: "1",
    MAIL_POLL_SECONDS: "1",
  });
  let back: TestSmtpServer | undefined;
  try {
    await changePassword(signedIn, down.origin, user.password);
    // The page answered before any send attempt ended: sending inline would have
    // waited out the silent server's greeting and recorded the failure first.
    const queued = await db.mailMessage.findFirstOrThrow({ where: { to: user.email } });
    expect(queued.lastError).toBeNull();
    expect(queued.sentAt).toBeNull();

    await silent.stop();
    await expect
      .poll(
        () =>
          db.mailMessage.findFirst({ where: { to: user.email, status: "queued", lastError: { not: null } } }),
        {
          timeout: 20_000,
          intervals: [100],
        },
      )
      .not.toBeNull();
    const waiting = await db.mailMessage.findFirstOrThrow({ where: { to: user.email } });
    expect(waiting.lastError).not.toContain(password);
    expect(waiting.sentAt).toBeNull();

    back = await startTestSmtpServer({ port: silent.port, password });
    await expect.poll(() => back?.to(user.email).length, { timeout: 20_000 }).toBe(1);
    expect(back.to(user.email)[0]?.subject).toBe("Your password was changed");
    await expect
      .poll(async () => (await db.mailMessage.findFirstOrThrow({ where: { to: user.email } })).status)
      .toBe("sent");
  } finally {
    await down.stop();
    await back?.stop();
  }
});

test("the dev mailbox of a loopback server without SMTP_URL lists messages newest first and opens them, links working", async ({
  signedIn,
  user,
  admin,
  openDevice,
  baseURL,
}) => {
  await changePassword(signedIn, baseURL ?? "", user.password);
  // Then an administrator locks the account: a second message, newer.
  const adminDevice = await openDevice("firefoxWindows");
  await adminDevice.signIn(admin);
  await adminDevice.page.goto(`/admin/sessions?email=${encodeURIComponent(user.email)}`);
  await adminDevice.page.getByRole("button", { name: "Lock account" }).click();
  await expect(adminDevice.page.getByRole("status")).toContainText(`Locked ${user.email}`);

  await adminDevice.page.goto("/dev/mailbox");
  await expect(adminDevice.page.getByRole("heading", { level: 1, name: "Mailbox" })).toBeVisible();
  const items = adminDevice.page.getByRole("listitem").filter({ hasText: user.email });
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
    `${signedIn.label} (IP address ${signedIn.ip})`,
  );
  const link = adminDevice.page.getByRole("article").getByRole("link", { name: "Sign in" });
  await expect(link).toHaveAttribute("href", `${baseURL}/login`);
  await link.click();
  await expect(adminDevice.page).toHaveURL(/\/(login|dashboard)/);
});
