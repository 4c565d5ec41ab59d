// What held when issue 25's attacker tried it, kept holding: each test drives
// the app the way the attempt was made (one form post captured, then sent
// again by hand, many at once). Held already covered elsewhere:
// - a forged Host moving a reset link: e2e/account-mail.spec.ts (here: the sign-up's verification link)
// - an impersonating administrator and /admin, the password, connecting a
//   provider: e2e/impersonation.spec.ts, e2e/oidc.spec.ts
// - revoking a device and admin actions past the window: e2e/step-up.spec.ts
// - internal and health routes: e2e/security/route-rules.spec.ts
import { randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import type { BrowserContext, Page, Request } from "@playwright/test";
import { generate } from "otplib";
import { verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";
import { issueLinkToken } from "@/lib/links/tokens";
import { impersonationExpiry } from "@/lib/sessions/policy";
import { insertSession } from "@/lib/sessions/store";
import { newSessionToken } from "@/lib/sessions/token";
import { newSecret } from "@/lib/two-factor/totp";
import { E2E_ENV } from "../env";
import { createAccount, expect, newCredentials, SEEDED_ADMIN, test } from "../fixtures";
import { verifyEmail } from "../helpers/verify";
import { linkIn, waitForMail } from "../mail-sink";
import { replay } from "../replay";

const MAX = Number(E2E_ENV.LOGIN_MAX_FAILURES);

/** Holds the next form post of `page` to `pathname` and returns it unsent. */
async function capturePost(page: Page, pathname: string, submit: () => Promise<void>): Promise<Request> {
  let captured: Request | undefined;
  await page.route(
    (url) => url.pathname === pathname,
    async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      captured = route.request();
      await route.abort();
    },
  );
  await submit();
  await expect.poll(() => captured).toBeDefined();
  return captured as Request;
}

/**
 * Sends the captured post again by hand with `from` in its body replaced by `to`
 * (same length, so the multipart body stays well-formed); resolves to the status.
 */
async function sendAgain(captured: Request, port: string, from: string, to: string): Promise<number> {
  expect(to).toHaveLength(from.length);
  const body = Buffer.from(
    (captured.postDataBuffer() ?? Buffer.alloc(0)).toString("latin1").replace(from, to),
    "latin1",
  );
  const url = new URL(captured.url());
  const headers = {
    ...(await captured.allHeaders()),
    "accept-encoding": "identity",
    "content-length": String(body.length),
  };
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: "127.0.0.1", port: Number(port), path: url.pathname + url.search, method: "POST", headers },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** A browser signed in with a session written straight into the database. */
async function signedInAs(
  context: BrowserContext,
  baseURL: string,
  userId: string,
  extra: { impersonatorId?: string; authTime?: Date } = {},
) {
  const token = newSessionToken();
  const row = await insertSession(db, {
    sessionToken: token,
    userId,
    amr: ["pwd"],
    ...(extra.impersonatorId
      ? {
          impersonatorId: extra.impersonatorId,
          expires: impersonationExpiry(),
          signInMethod: "impersonation",
        }
      : {}),
  });
  if (extra.authTime) await db.session.update({ where: { id: row.id }, data: { authTime: extra.authTime } });
  await context.addCookies([{ name: "authjs.session-token", value: token, url: baseURL }]);
  return row.id;
}

test("one reset link posted 6 times at once sets one password, advances the version once and sends one notice", async ({
  page,
  baseURL,
}) => {
  const creds = newCredentials();
  const userId = await createAccount(creds);
  const before = await db.user.findUniqueOrThrow({ where: { id: userId } });
  // The link as the mail would carry it (e2e/account-mail.spec.ts follows a mailed one).
  const token = await db.$transaction((tx) =>
    issueLinkToken(tx, {
      purpose: "reset_password",
      userId,
      email: creds.email,
      credentialsVersion: before.credentialsVersion,
    }),
  );
  await page.goto(`/reset-password?token=${token}`);
  const typed = "held-reset-password-0";
  await page.getByLabel("New password").fill(typed);
  const post = await capturePost(page, "/reset-password", () =>
    page.getByRole("button", { name: "Set new password" }).click(),
  );

  const candidates = Array.from({ length: 6 }, (_, i) => `held-reset-password-${i + 1}`);
  const port = new URL(baseURL as string).port;
  const statuses = await Promise.all(candidates.map((p) => sendAgain(post, port, typed, p)));
  expect(statuses.every((s) => s < 500)).toBe(true);

  const after = await db.user.findUniqueOrThrow({ where: { id: userId } });
  const matching = [];
  for (const p of candidates) if (await verifyPassword(p, after.passwordHash)) matching.push(p);
  expect(matching).toHaveLength(1);
  expect(after.credentialsVersion).toBe(before.credentialsVersion + 1);
  expect(await db.auditEvent.count({ where: { targetUserId: userId, action: "password.reset" } })).toBe(1);
  expect(await db.mailMessage.count({ where: { to: creds.email, kind: "password_changed" } })).toBe(1);
});

test(`${MAX + 3} wrong codes at once on one pending sign-in: ${MAX} are checked and fail, then the account is locked out`, async ({
  page,
  baseURL,
}) => {
  const creds = newCredentials();
  const userId = await createAccount(creds);
  const { secret, sealed } = await newSecret();
  await db.user.update({ where: { id: userId }, data: { totpSecret: sealed, totpEnabledAt: new Date() } });

  await page.goto("/login");
  await page.getByLabel("Email").fill(creds.email);
  await page.getByLabel("Password").fill(creds.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/login\/two-factor/);
  await page.getByLabel("Authentication code").fill("000000");
  const post = await capturePost(page, "/login/two-factor", () =>
    page.getByRole("button", { name: "Verify" }).click(),
  );
  await page.unrouteAll();

  const valid = new Set(
    await Promise.all(
      [-1, 0, 1].map((s) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + s * 30 })),
    ),
  );
  const wrong = Array.from({ length: MAX + 3 }, (_, i) => String(i + 1).repeat(6)).filter(
    (c) => !valid.has(c),
  );
  expect(wrong.length).toBeGreaterThanOrEqual(MAX + 2);
  const port = new URL(baseURL as string).port;
  await Promise.all(wrong.map((c) => sendAgain(post, port, "000000", c)));
  // The suite's lockouts last seconds: make this one outlast the rest of the test.
  await db.rateLimiterFlexible.updateMany({
    where: { key: `login:lock:${creds.email}` },
    data: { expire: new Date(Date.now() + 60_000) },
  });

  expect(await db.auditEvent.count({ where: { targetUserId: userId, action: "two_factor.failed" } })).toBe(
    MAX,
  );
  expect(await db.session.count({ where: { userId } })).toBe(0);
  // The right code now is refused too: the lockout holds for the pending sign-in.
  await page.goto("/login/two-factor");
  await page.getByLabel("Authentication code").fill(await generate({ secret }));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Too many failed attempts" })).toBeVisible();
  expect(await db.session.count({ where: { userId } })).toBe(0);
});

test("an administrator signed in as the user cannot turn on two-factor sign-in, not even by posting the owner's form", async ({
  context,
  page,
  baseURL,
}) => {
  const creds = newCredentials();
  const userId = await createAccount(creds);
  // An authenticator app needs a verified address: without one the page offers no set-up to anybody.
  await verifyEmail(creds.email);
  const adminId = (await db.user.findUniqueOrThrow({ where: { email: SEEDED_ADMIN.email } })).id;

  // The owner's own "Set up authenticator app" post, held unsent: what an impersonator would forge.
  await signedInAs(context, baseURL as string, userId);
  await page.goto("/settings/two-factor");
  const post = await capturePost(page, "/settings/two-factor", () =>
    page.getByRole("button", { name: "Set up authenticator app" }).click(),
  );
  await page.unrouteAll();
  await context.clearCookies();

  await signedInAs(context, baseURL as string, userId, { impersonatorId: adminId });
  await page.goto("/settings/two-factor");
  await expect(
    page.getByRole("status").filter({ hasText: "Not while you are signed in as this user" }),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Set up authenticator app" })).toHaveCount(0);
  await expect(page.getByLabel("Setup key")).toHaveCount(0);

  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const { status, body } = await replay(post, new URL(baseURL as string).port, { cookie });
  expect(status).toBeLessThan(500);
  expect(body).toContain("Not while you are signed in as this user");
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  expect(user).toMatchObject({ totpSecret: null, totpPendingSecret: null, totpEnabledAt: null });
  expect(
    await db.auditEvent.count({ where: { targetUserId: userId, action: "impersonation.refused" } }),
  ).toBe(1);
});

/** Every settings button that changes how the account is entered or ends sessions, on the page that has it. */
const SENSITIVE_BUTTONS = [
  { page: "/devices", button: "Sign out all other devices", twoFactor: false },
  { page: "/settings/two-factor", button: "Set up authenticator app", twoFactor: false },
  { page: "/settings/passkeys", button: "Add a passkey", twoFactor: false },
  { page: "/settings/two-factor", button: "Generate new recovery codes", twoFactor: true },
  { page: "/settings/two-factor", button: "Turn off", twoFactor: true },
] as const;

test('past the step-up window every sensitive settings button asks "Confirm it\'s you" and changes nothing', async ({
  context,
  page,
  baseURL,
}) => {
  const elevenMinutesAgo = new Date(Date.now() - 11 * 60_000);
  const plainCreds = newCredentials();
  const withAppCreds = { ...newCredentials(), name: `Held ${randomUUID().slice(0, 4)}` };
  const plain = await createAccount(plainCreds);
  const withApp = await createAccount(withAppCreds);
  // Passkeys and an authenticator app need a verified address: without one their buttons are not offered.
  await Promise.all([verifyEmail(plainCreds.email), verifyEmail(withAppCreds.email)]);
  const { sealed } = await newSecret();
  const enabledAt = new Date();
  await db.user.update({ where: { id: withApp }, data: { totpSecret: sealed, totpEnabledAt: enabledAt } });
  const dialog = page.getByRole("dialog", { name: "Confirm it's you" });

  for (const twoFactor of [false, true]) {
    const userId = twoFactor ? withApp : plain;
    await context.clearCookies();
    // Two sessions, so "Sign out all other devices" has something to end.
    await signedInAs(context, baseURL as string, userId, { authTime: elevenMinutesAgo });
    const other = await insertSession(db, { sessionToken: newSessionToken(), userId, amr: ["pwd"] });
    const sessionsBefore = await db.session.count({ where: { userId } });
    for (const b of SENSITIVE_BUTTONS.filter((x) => x.twoFactor === twoFactor)) {
      await page.goto(b.page);
      await page.getByRole("button", { name: b.button, exact: true }).click();
      await expect(dialog, `${b.page}: ${b.button}`).toBeVisible();
    }
    expect(await db.session.count({ where: { userId } })).toBe(sessionsBefore);
    expect(await db.session.count({ where: { id: other.id } })).toBe(1);
  }
  const after = await db.user.findMany({ where: { id: { in: [plain, withApp] } } });
  expect(after.find((u) => u.id === plain)?.totpSecret).toBeNull();
  expect(after.find((u) => u.id === withApp)).toMatchObject({ totpSecret: sealed, totpEnabledAt: enabledAt });
  expect(await db.authenticator.count({ where: { userId: { in: [plain, withApp] } } })).toBe(0);
});

test("a sign-up posted with a forged Host and X-Forwarded-* headers mails a verification link to the server's own address", async ({
  page,
  baseURL,
}) => {
  const creds = newCredentials();
  await page.goto("/signup");
  await page.getByLabel("Name").fill(creds.name);
  await page.getByLabel("Email").fill(creds.email);
  await page.getByLabel("Password").fill(creds.password);
  const post = await capturePost(page, "/signup", () =>
    page.getByRole("button", { name: "Create account" }).click(),
  );
  const { status } = await replay(post, new URL(baseURL as string).port, {
    host: "evil.example",
    "x-forwarded-host": "evil.example",
    "x-forwarded-proto": "https",
    "x-forwarded-port": "443",
    // Next accepts an action whose Origin matches the (forwarded) host: as a forger would send it.
    origin: "https://evil.example",
    "x-forwarded-for": `198.18.251.${Math.floor(Math.random() * 250) + 1}`,
  });
  expect(status).toBeLessThan(500);
  const mail = await waitForMail(creds.email, "Verify your email address");
  expect(linkIn(mail, "Verify email").startsWith(`${baseURL}/verify-email?token=`)).toBe(true);
  expect(mail.html + mail.text).not.toContain("evil.example");
});
