// Every button of /settings/* and /admin/* posted without JavaScript: the page
// that comes back says what happened (role status) or why not (role alert).
// /devices and the password form are in core-forms.spec.ts.
import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { db } from "@/lib/db/client";
import {
  confirmInDialog,
  createFixtureAccount,
  type Device,
  expect,
  newCredentials,
  test,
} from "../fixtures";
import { createFailedMessage } from "../helpers/mail";
import { withAuthenticator } from "../helpers/step-up";

test("settings: every button's answer is on the page that comes back", async ({ fastSignedIn, user }) => {
  const page = fastSignedIn.page;
  const next = newCredentials().email;
  await page.goto("/settings/email");
  await page.getByLabel("New email").fill(next);
  await page.getByLabel("Current password").fill("not the password");
  await page.getByRole("button", { name: "Change email" }).click();
  await expect(page.getByRole("alert")).toContainText("incorrect");
  await page.getByLabel("New email").fill(next);
  await page.getByLabel("Current password").fill(user.password);
  await page.getByRole("button", { name: "Change email" }).click();
  await expect(page.getByRole("status")).toContainText(`We sent a link to ${next}`);

  await withAuthenticator(user.email);
  await page.goto("/settings/two-factor");
  await page.getByRole("button", { name: "Generate new recovery codes" }).click();
  await expect(page.getByRole("status")).toContainText("New recovery codes");
  await expect(page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem")).toHaveCount(10);
  // "Turn off" leaves a page without that button: its answer is still there.
  await page.getByRole("button", { name: "Turn off" }).click();
  await expect(page.getByRole("status")).toHaveText("Two-factor sign-in is off.");
  await expect(page.getByRole("button", { name: "Set up authenticator app" })).toBeVisible();
});

test("passkeys: the page says adding one needs JavaScript, and rename and remove answer", async ({
  fastSignedIn,
  user,
}) => {
  const owner = await db.user.update({ where: { email: user.email }, data: { emailVerified: new Date() } });
  // A second way in besides the password, so removing it is allowed; the key itself is never checked here.
  await db.authenticator.create({
    data: {
      credentialID: `nojs-${owner.id}`,
      userId: owner.id,
      providerAccountId: owner.id,
      credentialPublicKey: "AA",
      counter: 0,
      credentialDeviceType: "singleDevice",
      credentialBackedUp: false,
      name: "Old laptop",
    },
  });
  const page = fastSignedIn.page;
  await page.goto("/settings/passkeys");
  await expect(page.getByText("Adding a passkey needs JavaScript")).toBeVisible();
  await expect(page.getByRole("button", { name: "Add a passkey" })).toHaveCount(0);
  await page.getByLabel("Name", { exact: true }).fill("Work laptop");
  await page.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByRole("status")).toHaveText("Renamed to Work laptop.");
  await page.getByRole("button", { name: "Remove Work laptop" }).click();
  // The row went with the button: the page says what happened, above the list.
  await expect(page.getByRole("status")).toHaveText("The passkey was removed.");
  await expect(page.getByRole("listitem").filter({ hasText: "Work laptop" })).toHaveCount(0);
  expect(await db.authenticator.count({ where: { userId: owner.id } })).toBe(0);
});

test("delete the own account: the confirmation, then /login says it was deleted", async ({
  fastSignedIn,
  user,
}) => {
  const page = fastSignedIn.page;
  await page.goto("/settings/account");
  await page.getByRole("button", { name: "Delete account" }).click();
  await confirmInDialog(page, "Delete account", { "Confirm email": "someone-else@example.com" });
  await expect(page.getByRole("alert")).toContainText("not this account's email");
  // The refusal came back beside the button: the dialog is asked for again.
  await page.getByRole("button", { name: "Delete account" }).click();
  await confirmInDialog(page, "Delete account", { "Confirm email": user.email });
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("status")).toContainText(/deleted/i);
});

type AdminCase = {
  name: string;
  /** The account's state before, in the database. */
  before?: (userId: string) => Promise<unknown>;
  act: (page: Page, target: string) => Promise<void>;
  /** What the page that comes back says (role and text). */
  answer: (target: string) => { role: "status" | "alert"; text: string | RegExp };
};

const ADMIN_CASES: AdminCase[] = [
  {
    name: "Revoke all sessions",
    act: async (page) => {
      await page.getByRole("button", { name: "Revoke all sessions" }).click();
      await confirmInDialog(page, "Revoke all sessions");
    },
    answer: (target) => ({ role: "status", text: `Revoked 1 session of ${target}.` }),
  },
  {
    name: "Lock account, refused: a time in the past",
    act: async (page) => {
      await page.getByRole("button", { name: "Lock account" }).click();
      await confirmInDialog(page, "Lock account", { Reason: "Testing", "Locked until": "2001-01-01T00:00" });
    },
    answer: () => ({ role: "alert", text: "“Locked until” must be in the future." }),
  },
  {
    name: "Unlock account",
    before: (userId) =>
      db.user.update({ where: { id: userId }, data: { lockedAt: new Date(), lockedReason: "Earlier" } }),
    act: (page) => page.getByRole("button", { name: "Unlock account" }).click(),
    answer: (target) => ({ role: "status", text: `Unlocked ${target}.` }),
  },
  {
    name: "Make admin",
    act: (page) => page.getByRole("button", { name: "Make admin" }).click(),
    answer: (target) => ({ role: "status", text: `${target} is now an admin.` }),
  },
  {
    name: "Remove admin",
    before: (userId) => db.user.update({ where: { id: userId }, data: { role: "admin" } }),
    act: (page) => page.getByRole("button", { name: "Remove admin" }).click(),
    answer: (target) => ({ role: "status", text: `${target} is now a user.` }),
  },
  {
    name: "Sign in as user, refused: no reason",
    act: async (page) => {
      await page.getByLabel("Reason").fill("   ");
      await page.getByRole("button", { name: "Sign in as user" }).click();
    },
    answer: () => ({ role: "alert", text: /reason/i }),
  },
];

async function adminOnTarget(
  openDevice: (kind?: "chromeMac" | "firefoxWindows") => Promise<Device>,
  admin: {
    name: string;
    email: string;
    password: string;
  },
) {
  const target = newCredentials();
  const adminDevice = await openDevice();
  await adminDevice.startSession(admin);
  await (await openDevice("firefoxWindows")).startSession(target);
  const { id } = await db.user.findUniqueOrThrow({ where: { email: target.email } });
  return { page: adminDevice.page, target: target.email, id };
}

for (const c of ADMIN_CASES) {
  test(`admin: ${c.name}, answered on the page that comes back`, async ({ admin, openDevice }) => {
    const { page, target, id } = await adminOnTarget(openDevice, admin);
    await c.before?.(id);
    await page.goto(`/admin/sessions?email=${encodeURIComponent(target)}`);
    await c.act(page, target);
    const { role, text } = c.answer(target);
    await expect(page.getByRole(role).filter({ hasText: text })).toBeVisible();
  });
}

test("admin: delete an account, then sign in as user, without JavaScript", async ({ admin, openDevice }) => {
  const { page, target } = await adminOnTarget(openDevice, admin);
  const doomed = newCredentials();
  await createFixtureAccount(doomed);
  await page.goto(`/admin/sessions?email=${encodeURIComponent(doomed.email)}`);
  await page.getByRole("button", { name: "Delete account" }).click();
  await confirmInDialog(page, "Delete account", { Reason: "Asked by mail" });
  await expect(page.getByText(`No account matches “${doomed.email}”`)).toBeVisible();
  // The account's row went with the button: the page says what happened.
  await expect(page.getByRole("status")).toHaveText(
    "The account was deleted and its devices were signed out.",
  );
  expect(await db.user.count({ where: { email: doomed.email } })).toBe(0);

  await page.goto(`/admin/sessions?email=${encodeURIComponent(target)}`);
  await page.getByLabel("Reason").fill("Support ticket 42");
  await page.getByRole("button", { name: "Sign in as user" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByText(`You are signed in as ${target}`)).toBeVisible();
});

test("admin: Revoke one session of a user ends that one only, without JavaScript", async ({
  admin,
  openDevice,
}) => {
  const { page, target } = await adminOnTarget(openDevice, admin);
  const second = await openDevice("chromeMac");
  await second.startSession({ ...newCredentials(), email: target, password: "" });
  const sessionRows = page.getByRole("table", { name: /Active sessions/ }).getByRole("row");
  await page.goto(`/admin/sessions?email=${encodeURIComponent(target)}`);
  await expect(sessionRows.filter({ hasText: target })).toHaveCount(2);

  // Each row's button names whose session it ends, on which device: the same word many times is no name.
  await page
    .getByRole("button", { name: `Revoke ${second.label} (IP ${second.ip}) of ${target}`, exact: true })
    .click();
  await confirmInDialog(page, "Revoke");
  await expect(page.getByRole("status")).toHaveText("The session was revoked.");
  await expect(sessionRows.filter({ hasText: second.ip })).toHaveCount(0);
  await expect(sessionRows.filter({ hasText: target })).toHaveCount(1);
  const alive = await db.session.findMany({ where: { user: { email: target } }, select: { ip: true } });
  expect(alive).toHaveLength(1);
  expect(alive[0]?.ip).not.toBe(second.ip);
});

test("admin: Send again on a failed message, without JavaScript: the page says it was queued", async ({
  admin,
  openDevice,
}) => {
  const to = `failed-${randomUUID().slice(0, 8)}@example.com`;
  const failed = await createFailedMessage(to);
  const device = await openDevice();
  await device.startSession(admin);
  const page = device.page;
  await page.goto("/admin/mail?status=failed");
  const row = page.getByRole("row").filter({ hasText: to });
  await row.getByRole("button", { name: `Send again: Your password was changed to ${to}` }).click();
  // Queued again, it left the list of failed messages, and its answer with it: the page says it.
  await expect(page.getByRole("status")).toHaveText("The message was queued to be sent again.");
  await expect(row).toHaveCount(0);
  await expect(page).toHaveURL(/\/admin\/mail\?status=failed&done=mail-queued$/);
  expect((await db.mailMessage.findUniqueOrThrow({ where: { id: failed.id } })).status).not.toBe("failed");
});
