// Two instances, one PostgreSQL: sessions, revocations and lockouts are shared;
// only the edge's revocation set and derived keys are per process.
import { E2E_ENV } from "../env";
import { type Credentials, createAccount, type Device, expect, test } from "../fixtures";
import { linkIn, waitForMail } from "../mail-sink";

const A = "http://127.0.0.1:3201";
const B = "http://127.0.0.1:3202";

async function edgeStatus(device: Device, origin: string) {
  return (await device.page.request.get(`${origin}/api/session/edge`)).status();
}

async function signInOn(origin: string, device: Device, user: Credentials) {
  await device.page.goto(`${origin}/login`);
  await device.page.getByLabel("Email").fill(user.email);
  await device.page.getByLabel("Password").fill(user.password);
  await device.page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(device.page).toHaveURL(`${origin}/dashboard`);
}

test("a session made on A works on B; revoked on B, A refuses it at once and at its edge within the feed bound", async ({
  user,
  openDevice,
}) => {
  const phone = await openDevice("safariIphone");
  const laptop = await openDevice("chromeMac");
  // Cookies belong to the host, not the port: the phone's session reaches both instances.
  await phone.page.goto(`${A}/signup`);
  await phone.signUp(user);
  await phone.page.goto(`${B}/dashboard`);
  await expect(phone.page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  expect(await edgeStatus(phone, A)).toBe(200);

  await signInOn(B, laptop, user);
  await laptop.page.goto(`${B}/devices`);
  await laptop.page.getByRole("button", { name: `Revoke ${phone.label}` }).click();
  await expect(laptop.page.getByRole("listitem")).toHaveCount(1);

  // A's pages check the shared database: refused on the very next request.
  const res = await phone.page.request.get(`${A}/api/session`);
  expect(res.status()).toBe(401);
  // A's edge learns from its own feed poll, well before the token's TTL.
  const started = Date.now();
  await expect.poll(() => edgeStatus(phone, A), { timeout: 10_000, intervals: [100] }).toBe(401);
  expect(Date.now() - started).toBeLessThan((Number(E2E_ENV.EDGE_TOKEN_TTL_SECONDS) * 1000) / 2);
});

test("pushed across instances: revoked on B, A's edge refuses the next request, without waiting for a poll", async ({
  user,
  openDevice,
}) => {
  const phone = await openDevice("safariIphone");
  const laptop = await openDevice("chromeMac");
  await phone.page.goto(`${A}/signup`);
  await phone.signUp(user);
  expect(await edgeStatus(phone, A)).toBe(200);
  await signInOn(B, laptop, user);
  await laptop.page.goto(`${B}/devices`);
  expect(await edgeStatus(phone, A)).toBe(200);

  await laptop.page.getByRole("button", { name: `Revoke ${phone.label}` }).click();
  await expect(laptop.page.getByRole("listitem")).toHaveCount(1);
  // No retry and no wait: B's commit notified A (PostgreSQL LISTEN/NOTIFY), whose
  // held feed request answered at once. A poll would still be up to a second away.
  expect(await edgeStatus(phone, A)).toBe(401);
});

test("a lockout counted on A holds on B", async ({ user, openDevice }) => {
  await createAccount(user);
  const attacker = await openDevice();
  const max = Number(E2E_ENV.LOGIN_MAX_FAILURES);
  for (let i = 0; i < max; i++) {
    await attacker.page.goto(`${A}/login`);
    await attacker.page.getByLabel("Email").fill(user.email);
    await attacker.page.getByLabel("Password").fill(`wrong-${i}`);
    await attacker.page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(
      attacker.page.getByRole("form", { name: "Sign in", exact: true }).getByRole("alert"),
    ).toBeVisible();
  }
  await attacker.page.goto(`${B}/login`);
  await attacker.page.getByLabel("Email").fill(user.email);
  await attacker.page.getByLabel("Password").fill(user.password);
  await attacker.page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(
    attacker.page.getByRole("form", { name: "Sign in", exact: true }).getByRole("alert"),
  ).toContainText("Too many failed sign-in attempts");
});

test("a reset asked for on B and used from its mail ends the sessions on A, at A's edge too; the new device was announced", async ({
  user,
  openDevice,
}) => {
  const phone = await openDevice("safariIphone");
  const laptop = await openDevice("chromeMac");
  await phone.page.goto(`${A}/signup`);
  await phone.signUp(user);
  await signInOn(B, laptop, user);
  expect((await waitForMail(user.email, "New sign-in")).text).toContain(laptop.label);

  await laptop.page.goto(`${B}/forgot-password`);
  await laptop.page.getByLabel("Email").fill(user.email);
  await laptop.page.getByRole("button", { name: "Send reset link" }).click();
  await expect(laptop.page.getByRole("status")).toContainText("we sent it a link");
  const link = linkIn(await waitForMail(user.email, "Reset your password"), "Set a new password");
  expect(link.startsWith(`${B}/reset-password?token=`)).toBe(true);
  await laptop.page.goto(link.replace(B, A));
  await laptop.page.getByLabel("New password").fill(`${user.password}-reset`);
  await laptop.page.getByRole("button", { name: "Set new password" }).click();
  await expect(laptop.page).toHaveURL(`${A}/login?reset=1`);

  expect((await phone.page.request.get(`${A}/api/session`)).status()).toBe(401);
  await expect.poll(() => edgeStatus(phone, A), { timeout: 10_000, intervals: [100] }).toBe(401);
  await waitForMail(user.email, "Your password was changed");
});
