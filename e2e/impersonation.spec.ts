// "Sign in as user" (issue 18 item 2): an administrator's separate session as a
// user, with a banner on every page, listed on the user's /devices, refused
// anything only the owner or an administrator may do, ended by "Stop
// impersonating", by the user, or an hour after it began; afterwards the
// administrator's tab is back in its own session without signing in again.
// Time is moved in the database (the session's start set back), never slept.

import type { Page } from "@playwright/test";
import { db } from "@/lib/db/client";
import { mintEdgeToken } from "@/lib/edge/token";
import { endSessions } from "@/lib/sessions/store";
import {
  adminAndUser,
  type Credentials,
  confirmInDialog,
  createAccount,
  type Device,
  expect,
  newCredentials,
  test,
} from "./fixtures";
import { replay } from "./replay";

const NOT_WHILE_IMPERSONATING =
  "Not while you are signed in as this user: only they can change how their account is entered or end its sessions.";

// Next's route announcer is an (empty) alert too.
const refusal = (page: Page) => page.getByRole("alert").filter({ hasText: "Not while" });

const banner = (device: Device) => device.page.getByRole("region", { name: "Impersonation" });

async function signInAs(adminDevice: Device, user: Credentials, reason = "Support ticket 1234") {
  const page = adminDevice.page;
  await page.goto(`/admin/sessions?email=${encodeURIComponent(user.email)}`);
  const form = page.getByRole("form", { name: `Sign in as ${user.email}` });
  await form.getByLabel("Reason").fill(reason);
  await form.getByRole("button", { name: "Sign in as user" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(banner(adminDevice)).toContainText(`You are signed in as ${user.email}`);
}

const idOf = async (c: Credentials) => (await db.user.findUnique({ where: { email: c.email } }))?.id;

/** An administrator on one browser, the user (signed up just now) on another. */
/** The admin's tab shows its own account again: no banner, the admin's email, the admin pages open. */
async function expectOwnSession(adminDevice: Device, admin: Credentials) {
  const page = adminDevice.page;
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await expect(banner(adminDevice)).toHaveCount(0);
  await expect(page.getByRole("main")).toContainText(admin.email);
  await page.goto("/admin/sessions");
  await expect(page.getByRole("heading", { level: 1, name: "Sessions" })).toBeVisible();
  expect(await adminDevice.cookie("impersonator-session")).toBeUndefined();
}

test("start, banner, the user's devices list it, the user revokes it, and the admin's tab is back in its own session", async ({
  admin,
  user,
  openDevice,
}) => {
  const { adminDevice, userDevice } = await adminAndUser(openDevice, admin, user);
  const mailBefore = await db.mailMessage.count({ where: { to: user.email } });

  await signInAs(adminDevice, user);
  await expect(banner(adminDevice)).toContainText(`by ${admin.email}`);
  await expect(banner(adminDevice).getByRole("button", { name: "Stop impersonating" })).toBeVisible();
  await expect(adminDevice.page.getByRole("main")).toContainText(user.email);
  // On every page, not only the dashboard.
  await adminDevice.page.goto("/settings/activity");
  await expect(banner(adminDevice)).toContainText(`You are signed in as ${user.email}`);
  // The admin's own session is kept aside in a cookie scripts cannot read.
  const stash = (await adminDevice.context.cookies()).find((c) => c.name === "impersonator-session");
  expect(stash).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
  // No "New sign-in" mail for the user.
  expect(await db.mailMessage.count({ where: { to: user.email } })).toBe(mailBefore);

  const label = `Administrator (${admin.email})`;
  // Another administrator's browser sees whose session it is in the admin table too.
  const adminConsole = await openDevice("safariIphone");
  await adminConsole.startSession(admin);
  await adminConsole.page.goto(`/admin/sessions?email=${encodeURIComponent(user.email)}`);
  await expect(adminConsole.page.getByRole("row").filter({ hasText: label })).toHaveCount(1);
  await userDevice.page.goto("/devices");
  await expect(userDevice.page.getByRole("listitem").filter({ hasText: label })).toHaveCount(1);
  await userDevice.page.getByRole("button", { name: `Revoke ${label}` }).click();
  await expect(userDevice.page.getByRole("listitem").filter({ hasText: label })).toHaveCount(0);

  await expectOwnSession(adminDevice, admin);

  // The user's own activity says an administrator signed in as them, and who.
  await userDevice.page.goto("/settings/activity");
  const table = userDevice.page.getByRole("table");
  await expect(table.getByRole("row").filter({ hasText: "An administrator signed in as you" })).toContainText(
    admin.email,
  );
});

test("while impersonating: admin pages are refused at the edge and in the page, a password change is refused; Stop impersonating returns to the admin's own session; all of it audited with both identities", async ({
  admin,
  user,
  openDevice,
}) => {
  const { adminDevice, userDevice } = await adminAndUser(openDevice, admin, user);
  await signInAs(adminDevice, user, "Checking the invoice page");
  const page = adminDevice.page;

  // At the edge: the token names the administrator as actor, and /admin/* is refused.
  const claims = (await (await page.request.get("/api/session/edge")).json()) as {
    sub: string;
    sid: string;
    act?: { sub: string };
  };
  const adminId = (await db.user.findUniqueOrThrow({ where: { email: admin.email } })).id;
  const userId = (await db.user.findUniqueOrThrow({ where: { email: user.email } })).id;
  expect(claims).toMatchObject({ sub: userId, act: { sub: adminId } });
  const atEdge = await page.goto("/admin/sessions");
  expect(atEdge?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You do not have access to this page");

  // In the page: an edge token forged without the actor, claiming admin, gets no further.
  const genuine = await adminDevice.cookie("edge-token");
  const forged = await mintEdgeToken({ sub: claims.sub, sid: claims.sid, role: "admin" });
  await adminDevice.context.addCookies([{ name: "edge-token", value: forged, url: page.url() }]);
  const inPage = await page.goto("/admin/audit");
  expect(inPage?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toHaveCount(0);
  await adminDevice.context.addCookies([{ name: "edge-token", value: genuine ?? "", url: page.url() }]);

  // A password change is refused, and the password stays what it was.
  const before = (await db.user.findUniqueOrThrow({ where: { id: userId } })).passwordHash;
  await page.goto("/settings/password");
  await page.getByLabel("Current password").fill(user.password);
  await page.getByLabel("New password").fill("an-impersonators-password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(refusal(page)).toHaveText(NOT_WHILE_IMPERSONATING);
  expect((await db.user.findUniqueOrThrow({ where: { id: userId } })).passwordHash).toBe(before);
  // So is ending the user's other sessions, and the user's own device stays signed in.
  await page.goto("/devices");
  await page.getByRole("button", { name: "Sign out all other devices" }).click();
  await expect(refusal(page)).toHaveText(NOT_WHILE_IMPERSONATING);
  await userDevice.page.goto("/dashboard");
  await expect(userDevice.page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();

  await banner(adminDevice).getByRole("button", { name: "Stop impersonating" }).click();
  await expect(page).toHaveURL(/\/admin\/sessions\?email=/);
  await expect(page.getByRole("heading", { level: 1, name: "Sessions" })).toBeVisible();
  await expectOwnSession(adminDevice, admin);
  expect(await db.session.count({ where: { id: claims.sid } })).toBe(0);

  // Start, each refusal, and stop: the administrator and the user both named.
  const events = await db.auditEvent.findMany({
    where: { targetUserId: userId, action: { startsWith: "impersonation." } },
    orderBy: { createdAt: "asc" },
  });
  expect(events.map((e) => e.action)).toEqual([
    "impersonation.started",
    "impersonation.refused",
    "impersonation.refused",
    "impersonation.stopped",
  ]);
  for (const e of events) {
    expect(e).toMatchObject({ actorUserId: adminId, targetUserId: userId, sessionId: claims.sid });
    expect(e.details).toMatchObject({ impersonatorId: adminId, impersonatorEmail: admin.email });
  }
  expect(events[0]?.details).toMatchObject({ reason: "Checking the invoice page" });
  await page.goto("/admin/audit");
  await expect(page.getByRole("table")).toContainText("impersonation.stopped");
});

test("the session as a user ends an hour after it began; the admin's tab is back in its own session", async ({
  admin,
  user,
  openDevice,
}) => {
  const { adminDevice, userDevice } = await adminAndUser(openDevice, admin, user);
  await signInAs(adminDevice, user);
  const { sid } = (await (await adminDevice.page.request.get("/api/session/edge")).json()) as { sid: string };

  // 59 minutes in, it still runs.
  await db.session.update({ where: { id: sid }, data: { createdAt: new Date(Date.now() - 59 * 60_000) } });
  await adminDevice.page.goto("/devices");
  await expect(banner(adminDevice)).toContainText(`You are signed in as ${user.email}`);

  // 61 minutes in, the next page is the admin's own again.
  await db.session.update({ where: { id: sid }, data: { createdAt: new Date(Date.now() - 61 * 60_000) } });
  await expectOwnSession(adminDevice, admin);
  expect(await db.revokedSession.findUnique({ where: { sessionId: sid } })).toMatchObject({
    reason: "expired",
  });
  await userDevice.page.goto("/devices");
  await expect(userDevice.page.getByRole("listitem").filter({ hasText: "Administrator" })).toHaveCount(0);
});

test("the way back needs the administrator's own session still valid: revoked meanwhile, Stop impersonating lands on /login", async ({
  admin,
  user,
  openDevice,
}) => {
  const { adminDevice } = await adminAndUser(openDevice, admin, user);
  await signInAs(adminDevice, user);
  const { sid } = (await (await adminDevice.page.request.get("/api/session/edge")).json()) as { sid: string };
  const own = await db.session.findFirstOrThrow({
    where: { user: { email: admin.email }, impersonatorId: null },
  });
  await db.$transaction((tx) => endSessions(tx, [own], "admin", { action: "session.revoked" }));

  await banner(adminDevice).getByRole("button", { name: "Stop impersonating" }).click();
  await expect(adminDevice.page).toHaveURL(/\/login$/);
  expect(await adminDevice.cookie("impersonator-session")).toBeUndefined();
  expect(await adminDevice.cookie("authjs.session-token")).toBeUndefined();
  expect(await db.session.count({ where: { id: sid } })).toBe(0);
  await adminDevice.page.goto("/admin/sessions");
  await expect(adminDevice.page).toHaveURL(/\/login\?next=%2Fadmin%2Fsessions$/);
});

test("a planted set-aside cookie holding an ordinary user's session signs nobody in", async ({
  fastSignedIn,
  openDevice,
}) => {
  const victim = await openDevice("edgeWindows");
  const token = await fastSignedIn.cookie("authjs.session-token");
  const origin = new URL(fastSignedIn.page.url()).origin;
  await victim.context.addCookies([
    { name: "authjs.session-token", value: "stale-or-garbage", url: origin },
    { name: "impersonator-session", value: token ?? "", url: origin },
  ]);
  await victim.page.goto("/dashboard");
  await expect(victim.page).toHaveURL(/\/login\?next=%2Fdashboard$/);
  expect(await victim.cookie("impersonator-session")).toBeUndefined();
  // The owner's own session is untouched.
  await fastSignedIn.page.goto("/dashboard");
  await expect(fastSignedIn.page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
});

test("an admin action replayed by hand from the session as a user is refused and changes nothing", async ({
  admin,
  user,
  openDevice,
  baseURL,
}) => {
  const other = newCredentials();
  const otherId = await createAccount(other);
  const { adminDevice } = await adminAndUser(openDevice, admin, user);
  const page = adminDevice.page;
  // The administrator's real "Lock account" post, recorded, then undone.
  await page.goto(`/admin/sessions?email=${encodeURIComponent(other.email)}`);
  await page.getByRole("button", { name: "Lock account" }).click();
  const [lockPost] = await Promise.all([
    page.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"])),
    confirmInDialog(page, "Lock account", { Reason: "Recorded for the replay" }),
  ]);
  await expect(page.getByRole("status")).toContainText(`Locked ${other.email}`);
  await page.getByRole("button", { name: "Unlock account" }).click();
  await expect(page.getByRole("status")).toContainText(`Unlocked ${other.email}`);

  await signInAs(adminDevice, user);
  const jar = (await adminDevice.context.cookies()).filter((c) => c.name !== "impersonator-session");
  const cookie = (names: (name: string) => boolean) =>
    jar
      .filter((c) => names(c.name))
      .map((c) => `${c.name}=${c.value}`)
      .join("; ");
  const port = new URL(baseURL ?? "").port;
  // With the edge token: refused at the edge (it names the administrator as actor).
  const atEdge = await replay(lockPost, port, { cookie: cookie(() => true) });
  expect(atEdge.status).toBe(403);
  // Without it, a post reaches the action: the wrapper refuses it.
  const inAction = await replay(lockPost, port, { cookie: cookie((name) => name !== "edge-token") });
  expect(inAction.status).toBe(200);
  expect(inAction.body).toContain(NOT_WHILE_IMPERSONATING);
  expect((await db.user.findUniqueOrThrow({ where: { id: otherId } })).lockedAt).toBeNull();
  expect(
    await db.auditEvent.count({
      where: { action: "impersonation.refused", targetUserId: (await idOf(user)) ?? "" },
    }),
  ).toBe(1);
});

test("over https the set-aside cookie is __Host- prefixed, Secure, httpOnly, SameSite=Lax, and is cleared on stop", async ({
  admin,
  user,
  openDevice,
}) => {
  const adminDevice = await openDevice("chromeMac");
  const userDevice = await openDevice("firefoxWindows");
  await userDevice.startSession(user);
  // From now on the app sees this browser's requests as arriving through a TLS proxy.
  await adminDevice.context.setExtraHTTPHeaders({
    "x-forwarded-for": adminDevice.ip,
    "x-forwarded-proto": "https",
  });
  await adminDevice.signIn(admin);
  const setCookies = async (response: import("@playwright/test").Response) =>
    (await response.headersArray()).filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value);
  const actionResponse = (page: Page) =>
    page.waitForResponse(
      (r) => r.request().method() === "POST" && Boolean(r.request().headers()["next-action"]),
    );

  const [started] = await Promise.all([actionResponse(adminDevice.page), signInAs(adminDevice, user)]);
  const stash = (await setCookies(started)).find((c) => c.startsWith("__Host-impersonator-session="));
  expect(stash).toBeDefined();
  for (const flag of [/; Secure/i, /; HttpOnly/i, /; SameSite=Lax/i, /; Path=\/(;|$)/i])
    expect(stash).toMatch(flag);
  expect(stash).not.toMatch(/Domain=/i);

  const [stopped] = await Promise.all([
    actionResponse(adminDevice.page),
    banner(adminDevice).getByRole("button", { name: "Stop impersonating" }).click(),
  ]);
  const cleared = (await setCookies(stopped)).find((c) => c.startsWith("__Host-impersonator-session="));
  expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/i);
  await expect(adminDevice.page.getByRole("heading", { level: 1, name: "Sessions" })).toBeVisible();
  expect(await adminDevice.cookie("__Host-impersonator-session")).toBeUndefined();
});
