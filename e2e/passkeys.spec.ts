// Passkeys with Chromium's virtual authenticator (CDP WebAuthn domain). A
// passkey's RP ID must be a host name, so these tests use http://localhost:PORT,
// the name the demo server's relying party answers to (lib/passkeys/relying-party.ts).
import type { Request } from "@playwright/test";
import { db } from "@/lib/db/client";
import { expect, test } from "./fixtures";
import { localhost, passkeyAccount, REFUSED, withPasskey } from "./helpers/passkeys";
import { replay } from "./replay";

test("register a passkey, then sign in with it without typing an email; rename it, remove it, and it no longer signs in", async ({
  openDevice,
  user,
  baseURL,
}) => {
  const origin = localhost(baseURL);
  const device = await openDevice();
  await withPasskey(device, origin, user);
  const page = device.page;

  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page).toHaveURL(`${origin}/dashboard`);
  await page.goto(`${origin}/devices`);
  await expect(page.getByRole("listitem").first()).toContainText("This device");
  await expect(page.getByRole("listitem").first()).toContainText("Passkey");

  await page.goto(`${origin}/settings/passkeys`);
  const item = page.getByRole("list", { name: "Your passkeys" }).getByRole("listitem");
  await expect(item).toContainText(device.label);
  await expect(item).not.toContainText("last used never");
  await item.getByRole("textbox", { name: "Name" }).fill("Work laptop");
  await item.getByRole("button", { name: "Rename" }).click();
  await expect(item).toContainText("Work laptop");
  await item.getByRole("button", { name: "Remove Work laptop" }).click();
  await expect(page.getByText("No passkeys yet.")).toBeVisible();
  // Removing it ended no session.
  await page.goto(`${origin}/dashboard`);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();

  await device.signOut();
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByRole("alert").filter({ hasText: REFUSED })).toBeVisible();
  const owner = await db.user.findUniqueOrThrow({ where: { email: user.email } });
  const actions = (await db.auditEvent.findMany({ where: { targetUserId: owner.id } })).map((e) => e.action);
  expect(actions).toEqual(expect.arrayContaining(["passkey.added", "passkey.renamed", "passkey.removed"]));
});

test("a passkey response replayed opens no session", async ({ openDevice, user, baseURL }) => {
  const origin = localhost(baseURL);
  const device = await openDevice();
  const { owner, sessions } = await passkeyAccount(device, origin, user);
  const page = device.page;

  // The browser's own sign-in goes through; its request is kept to be sent again.
  let signIn: Request | undefined;
  page.on("request", (r) => {
    if (r.method() === "POST" && r.postData()?.includes('"clientDataJSON"')) signIn = r;
  });
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page).toHaveURL(`${origin}/dashboard`);
  expect(await sessions()).toBe(1);
  // Many passkeys report no signature counter (always 0): with none to compare, only the spent challenge refuses a replay.
  await db.authenticator.updateMany({ where: { userId: owner.id }, data: { counter: 0 } });
  const replayed = await replay(signIn!, new URL(origin).port, {});
  expect(replayed.body).toContain(REFUSED);
  expect(await sessions()).toBe(1);
});

test("an account with only a passkey confirms it's you with the passkey, and the action then happens; the response replayed confirms nothing", async ({
  openDevice,
  user,
  baseURL,
}) => {
  const origin = localhost(baseURL);
  const device = await openDevice();
  await withPasskey(device, origin, user);
  const laptop = await openDevice("firefoxWindows");
  await laptop.signIn(user);
  const page = device.page;
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page).toHaveURL(`${origin}/dashboard`);
  await db.user.update({ where: { email: user.email }, data: { passwordHash: null } });
  const { sid } = (await (await page.request.get(`${origin}/api/session/edge`)).json()) as { sid: string };
  await db.session.update({ where: { id: sid }, data: { authTime: new Date(Date.now() - 11 * 60_000) } });

  let confirmation: Request | undefined;
  page.on("request", (r) => {
    if (r.method() === "POST" && r.postData()?.includes('"clientDataJSON"')) confirmation = r;
  });
  await page.goto(`${origin}/devices`);
  await page.getByRole("button", { name: `Revoke ${laptop.label}` }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm it's you" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Password")).toHaveCount(0);
  await dialog.getByRole("button", { name: "Use a passkey" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole("listitem").filter({ hasText: laptop.ip })).toHaveCount(0);
  await laptop.page.goto("/dashboard");
  await expect(laptop.page).toHaveURL(/\/login/);
  const session = await db.session.findUniqueOrThrow({ where: { id: sid } });
  expect(session.authTime.getTime()).toBeGreaterThan(Date.now() - 60_000);
  expect(session.amr.split(" ")).toContain("passkey");

  const replayed = await replay(confirmation!, new URL(origin).port, {});
  expect(replayed.body).toContain("That passkey could not be verified");
  const failed = await db.auditEvent.count({
    where: { sessionId: sid, action: "session.reauthentication_failed" },
  });
  expect(failed).toBe(1);
});

test("passkey autofill: the email field offers the passkey (conditional mediation) and choosing it signs in, no button pressed", async ({
  openDevice,
  user,
  baseURL,
}) => {
  const origin = localhost(baseURL);
  const device = await openDevice();
  await withPasskey(device, origin, user, { autofill: true });
  const page = device.page;
  let signIns = 0;
  page.on("request", (r) => {
    if (r.method() === "POST" && r.postData()?.includes('"clientDataJSON"')) signIns++;
  });
  // The field autofill offers passkeys in, and the button beside it for browsers without autofill.
  const login = await (await page.request.get(`${origin}/login`)).text();
  expect(login).toMatch(/autocomplete="username webauthn"/i);
  expect(login).toContain("Sign in with a passkey");
  await page.goto(`${origin}/login`);
  // The field's autofill request starts as soon as the page is ready; Chromium's virtual authenticator
  // answers it with its passkey at once, as a person picking it from the field would. Nothing is clicked.
  await expect(page).toHaveURL(`${origin}/dashboard`);
  expect(signIns).toBe(1);
  await page.goto(`${origin}/devices`);
  await expect(page.getByRole("listitem").first()).toContainText("This device");
  await expect(page.getByRole("listitem").first()).toContainText("Passkey");
});
