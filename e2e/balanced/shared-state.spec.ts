// Three instances, one PostgreSQL: sessions, revocations and lockouts are shared;
// only the edge's revocation set and derived keys are per process. Limits counted
// across instances: limits.spec.ts.
import { E2E_ENV } from "../env";
import { type Credentials, type Device, expect, test } from "../fixtures";
import { linkIn, waitForMail } from "../mail-sink";
import { BALANCER, DIRECT } from "./instances";

const A = "http://127.0.0.1:3201";
const B = "http://127.0.0.1:3202";

async function edgeStatus(device: Device, origin: string) {
  return (await device.page.request.get(`${origin}/api/session/edge`)).status();
}

async function sessionStatus(device: Device, origin: string) {
  return (await device.page.request.get(`${origin}/api/session`)).status();
}

async function signInOn(origin: string, device: Device, user: Credentials) {
  await device.page.goto(`${origin}/login`);
  await device.page.getByLabel("Email").fill(user.email);
  await device.page.getByLabel("Password").fill(user.password);
  await device.page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(device.page).toHaveURL(`${origin}/dashboard`);
}

test("a device revoked through the balancer is refused by every instance, at once and at its edge", async ({
  user,
  openDevice,
}) => {
  const phone = await openDevice("safariIphone");
  const laptop = await openDevice("chromeMac");
  await phone.signUp(user);
  await laptop.signIn(user);
  // Cookies belong to the host, not the port: the phone's session reaches every instance directly too.
  for (const origin of [BALANCER, ...DIRECT]) {
    expect(await sessionStatus(phone, origin), origin).toBe(200);
    expect(await edgeStatus(phone, origin), origin).toBe(200);
  }

  await laptop.page.goto("/devices");
  await laptop.page.getByRole("button", { name: `Revoke ${phone.label}` }).click();
  await expect(laptop.page.getByRole("listitem")).toHaveCount(1);

  // Whichever instance took the revocation, every one checks the shared database at once...
  for (const origin of [BALANCER, ...DIRECT]) expect(await sessionStatus(phone, origin), origin).toBe(401);
  // ...and every edge learns it from its own feed poll, well before the token's TTL.
  const started = Date.now();
  for (const origin of DIRECT)
    await expect.poll(() => edgeStatus(phone, origin), { timeout: 10_000, intervals: [100] }).toBe(401);
  expect(Date.now() - started).toBeLessThan((Number(E2E_ENV.EDGE_TOKEN_TTL_SECONDS) * 1000) / 2);
  // The laptop that revoked it goes on.
  for (const origin of [BALANCER, ...DIRECT]) expect(await sessionStatus(laptop, origin), origin).toBe(200);
});

test("a reset asked for on B and used from its mail ends the sessions on A, at A's edge too; the new device was announced", async ({
  user,
  openDevice,
}) => {
  const phone = await openDevice("safariIphone");
  const laptop = await openDevice("chromeMac");
  await phone.signUp(user, A);
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
