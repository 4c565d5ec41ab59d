// The browser's side of the API layer: approving a device on /device (what it
// shows, and the step-up it needs), and the two credentials never standing in
// for each other: a bearer token opens no page, a cookie opens no API route.
import type { APIRequestContext } from "@playwright/test";
import { sha256Hex } from "@/lib/crypto/token";
import { db } from "@/lib/db/client";
import { type Device, expect, test } from "./fixtures";

const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

async function askToSignIn(request: APIRequestContext, clientId: string, scope?: string) {
  const res = await request.post("/api/oauth/device_authorization", {
    form: { client_id: clientId, ...(scope ? { scope } : {}) },
    headers: {
      "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/140.0 Safari/537.36",
    },
  });
  expect(res.status()).toBe(200);
  return (await res.json()) as { device_code: string; user_code: string; verification_uri_complete: string };
}

async function approve(device: Device, link: string) {
  await device.page.goto(link);
  await device.page.getByRole("button", { name: "Approve" }).click();
  await expect(device.page.getByRole("status")).toContainText("Approved");
}

async function bearerFor(device: Device, request: APIRequestContext): Promise<string> {
  const codes = await askToSignIn(request, "e2e-app");
  await approve(device, codes.verification_uri_complete);
  const res = await request.post("/api/oauth/token", {
    form: { grant_type: DEVICE_GRANT, device_code: codes.device_code, client_id: "e2e-app" },
  });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

test("/device shows who asks, from where and for what; past the step-up window Approve asks Confirm it's you first", async ({
  fastSignedIn,
  user,
  playwright,
}) => {
  const device = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  const codes = await askToSignIn(device, "cli", "profile sessions:read");
  await db.session.updateMany({
    where: { user: { email: user.email } },
    data: { authTime: new Date(Date.now() - 11 * 60_000) },
  });
  const page = fastSignedIn.page;
  await page.goto(`/device?code=${codes.user_code.toLowerCase().replace("-", " ")}`);
  const request = page.getByRole("region", { name: "CLI wants to sign in to your account" });
  await expect(request).toContainText("Chrome on Linux");
  await expect(request).toContainText("See your name and email address");
  await expect(request).toContainText("See your signed-in devices");
  await expect(request).not.toContainText("Sign out your devices");

  await page.getByRole("button", { name: "Approve" }).click();
  const stepUp = page.getByRole("dialog", { name: "Confirm it's you" });
  await expect(stepUp).toBeVisible();
  const row = { userCodeHash: sha256Hex(codes.user_code.replace("-", "")) };
  expect(await db.deviceAuthorization.findUnique({ where: row })).toMatchObject({ status: "pending" });
  await stepUp.getByLabel("Password").fill(user.password);
  await stepUp.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByRole("status")).toContainText("Approved");
  expect(await db.deviceAuthorization.findUnique({ where: row })).toMatchObject({ status: "approved" });
  const poll = await device.post("/api/oauth/token", {
    form: { grant_type: DEVICE_GRANT, device_code: codes.device_code, client_id: "cli" },
  });
  // Approved, and the cli client still needs its DPoP proof to collect the tokens.
  expect(await poll.json()).toMatchObject({ error: "invalid_dpop_proof" });
  await device.dispose();
});

test("a wrong code is refused on /device without showing anything", async ({ fastSignedIn }) => {
  await fastSignedIn.page.goto("/device?code=BCDF-GHJK");
  await expect(fastSignedIn.page.getByRole("alert").filter({ hasText: "not valid" })).toBeVisible();
  await expect(fastSignedIn.page.getByRole("button", { name: "Approve" })).toHaveCount(0);
});

test("cookies never open the API and bearer tokens never open a page; Sign out all other devices ends the API session at the route and the edge", async ({
  fastSignedIn,
  playwright,
}) => {
  const baseURL = test.info().project.use.baseURL;
  const app = await playwright.request.newContext({ baseURL });
  const token = await bearerFor(fastSignedIn, app);
  const bearer = { authorization: `Bearer ${token}` };
  expect((await app.get("/api/v1/me", { headers: bearer })).status()).toBe(200);

  // The browser's own cookies (session and edge token) on an API route: no.
  const withCookies = await fastSignedIn.page.request.get("/api/v1/me");
  expect(withCookies.status()).toBe(401);
  expect(withCookies.headers()["www-authenticate"]).toContain('realm="api"');
  // The access token where a cookie would be: no.
  const asCookie = await app.get("/api/v1/me", {
    headers: { cookie: `authjs.session-token=${token}; edge-token=${token}` },
  });
  expect(asCookie.status()).toBe(401);
  // The access token on a page: sent to sign in.
  const page = await app.get("/dashboard", { headers: bearer, maxRedirects: 0 });
  expect(page.status()).toBe(303);
  expect(page.headers().location).toContain("/login");

  await fastSignedIn.page.goto("/devices");
  await expect(fastSignedIn.page.getByText("Device code: E2E app")).toBeVisible();
  await fastSignedIn.page.getByRole("button", { name: "Sign out all other devices" }).click();
  await expect(fastSignedIn.page.getByRole("status")).toContainText("1 other device was signed out");
  // The route checks the database: refused at once.
  const after = await app.get("/api/v1/me", { headers: bearer });
  expect(after.status()).toBe(401);
  expect(after.headers()["www-authenticate"]).toContain('error="invalid_token"');
  // A path no route serves: 404 while the edge admits the token, 401 once its feed has the revocation.
  await expect
    .poll(async () => (await app.get("/api/v1/no-such-route", { headers: bearer })).status(), {
      timeout: 10_000,
      intervals: [100],
    })
    .toBe(401);
  await app.dispose();
});
