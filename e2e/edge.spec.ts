// The edge token: what middleware accepts without a database, and what it does
// when the token is missing, expired, tampered with or made with another key.
import { encode } from "next-auth/jwt";
import { mintEdgeToken } from "@/lib/edge/token";
import { E2E_ENV } from "./env";
import { type Device, expect, test } from "./fixtures";

async function edgeClaims(device: Device) {
  const res = await device.page.request.get("/api/session/edge");
  return { status: res.status(), body: await res.json() };
}

async function setEdgeToken(device: Device, value: string) {
  await device.context.addCookies([{ name: "edge-token", value, url: device.page.url() }]);
}

async function dropSessionCookie(device: Device) {
  await device.context.clearCookies({ name: "authjs.session-token" });
}

test("the edge endpoint answers from the token alone", async ({ signedIn, openDevice }) => {
  const { status, body } = await edgeClaims(signedIn);
  expect(status).toBe(200);
  // When and how the user last proved who they are travel too (step-up); nothing personal does.
  expect(Object.keys(body).sort()).toEqual(["amr", "auth_time", "exp", "role", "sid", "sub"]);
  expect(body.amr).toEqual(["pwd"]);
  expect(body.role).toBe("user");
  expect(body.exp - Date.now() / 1000).toBeLessThanOrEqual(Number(E2E_ENV.EDGE_TOKEN_TTL_SECONDS));

  const stranger = await openDevice();
  await stranger.page.goto("/");
  expect((await edgeClaims(stranger)).status).toBe(401);
});

test("tampered, expired and foreign tokens never pass", async ({ fastSignedIn }) => {
  const { body } = await edgeClaims(fastSignedIn);
  const claims = { sub: body.sub, sid: body.sid, role: "admin" };
  const original = (await fastSignedIn.cookie("edge-token")) as string;
  const parts = original.split(".");
  const flipped = (s: string) => (s[0] === "A" ? `B${s.slice(1)}` : `A${s.slice(1)}`);
  const candidates = {
    tampered: [parts[0], parts[1], parts[2], flipped(parts[3] as string), parts[4]].join("."),
    expired: await mintEdgeToken(claims, { issuedAt: Math.floor(Date.now() / 1000) - 3600 }),
    "wrong key": await mintEdgeToken(claims, { secret: "another-secret-0123456789abcdef0123456789" }),
    "not a JWE": `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.`,
    garbage: "x".repeat(4000),
  };
  // Without a session cookie to fall back on, each bad token leads to /login.
  await dropSessionCookie(fastSignedIn);
  for (const [kind, token] of Object.entries(candidates)) {
    await setEdgeToken(fastSignedIn, token);
    expect((await edgeClaims(fastSignedIn)).status, kind).toBe(401);
    await fastSignedIn.page.goto("/dashboard");
    await expect(fastSignedIn.page, kind).toHaveURL(/\/login\?next=%2Fdashboard$/);
  }
});

test("an expired edge token with a live session is re-minted once, and the user passes", async ({
  fastSignedIn,
}) => {
  const { body } = await edgeClaims(fastSignedIn);
  const expired = await mintEdgeToken(
    { sub: body.sub, sid: body.sid, role: body.role },
    { issuedAt: Math.floor(Date.now() / 1000) - 600 },
  );
  await setEdgeToken(fastSignedIn, expired);
  const refreshes: string[] = [];
  // Count page loads only: Next's link prefetches from the page already open may re-mint too.
  fastSignedIn.page.on("request", (r) => {
    if (r.isNavigationRequest() && r.url().includes("/api/session/refresh")) refreshes.push(r.url());
  });
  await fastSignedIn.page.goto("/devices");
  await expect(fastSignedIn.page).toHaveURL(/\/devices$/);
  await expect(fastSignedIn.page.getByRole("heading", { level: 1, name: "Active devices" })).toBeVisible();
  expect(refreshes).toHaveLength(1);
  const fresh = await fastSignedIn.cookie("edge-token");
  expect(fresh).not.toBe(expired);
  expect((await edgeClaims(fastSignedIn)).body.sid).toBe(body.sid);
});

test("several tabs re-minting at once all stay signed in", async ({ fastSignedIn }) => {
  await fastSignedIn.context.clearCookies({ name: "edge-token" });
  const tabs = await Promise.all([1, 2, 3, 4].map(() => fastSignedIn.context.newPage()));
  await Promise.all(tabs.map((tab) => tab.goto("/dashboard")));
  for (const tab of tabs)
    await expect(tab.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
});

test("with the session revoked, the re-mint fails and the user lands on /login", async ({
  fastDevicesOf,
}) => {
  const [a, b] = await fastDevicesOf(["chromeMac", "firefoxWindows"]);
  await a.revoke(b);

  await b.context.clearCookies({ name: "edge-token" });
  await b.page.goto("/devices");
  await expect(b.page).toHaveURL(/\/login\?next=%2Fdevices$/);
  expect(await b.cookie("authjs.session-token")).toBeUndefined();
});

test("an edge token in the old format passes without a re-mint, and the revocation feed still stops it", async ({
  fastDevicesOf,
}) => {
  const [a, b] = await fastDevicesOf(["chromeMac", "firefoxWindows"]);
  const { body } = await edgeClaims(b);
  // What the app minted before the switch to its own jose format.
  const legacy = await encode({
    token: { sub: body.sub, sid: body.sid, role: body.role },
    secret: E2E_ENV.AUTH_SECRET,
    salt: "edge-token",
  });
  await setEdgeToken(b, legacy);
  const refreshes: string[] = [];
  b.page.on("request", (r) => {
    if (r.isNavigationRequest() && r.url().includes("/api/session/refresh")) refreshes.push(r.url());
  });
  await b.page.goto("/devices");
  await expect(b.page.getByRole("heading", { level: 1, name: "Active devices" })).toBeVisible();
  expect(refreshes).toHaveLength(0);
  expect(await b.cookie("edge-token")).toBe(legacy);
  expect((await edgeClaims(b)).body.sid).toBe(body.sid);

  await a.revoke(b);
  await expect.poll(async () => (await edgeClaims(b)).status, { timeout: 5_000 }).toBe(401);
});

test("the two cookies are never read as each other", async ({ fastSignedIn }) => {
  const sessionToken = (await fastSignedIn.cookie("authjs.session-token")) as string;
  const edgeToken = (await fastSignedIn.cookie("edge-token")) as string;
  const serverErrors: number[] = [];
  fastSignedIn.page.on("response", (r) => {
    if (r.status() >= 500) serverErrors.push(r.status());
  });

  // The session token where the edge token belongs is no edge token: a cache miss, re-minted.
  await setEdgeToken(fastSignedIn, sessionToken);
  expect((await edgeClaims(fastSignedIn)).status).toBe(401);
  await fastSignedIn.page.goto("/dashboard");
  await expect(fastSignedIn.page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();

  // A valid edge token where the session token belongs is no session, even while the edge lets it pass.
  await fastSignedIn.context.addCookies([
    { name: "authjs.session-token", value: edgeToken, url: fastSignedIn.page.url() },
  ]);
  await fastSignedIn.page.goto("/devices");
  await expect(fastSignedIn.page).toHaveURL(/\/login\?next=%2Fdevices$/);
  expect(serverErrors).toEqual([]);
});

test("the edge token is minted at sign-in and re-minted only when it runs out, not per request", async ({
  signedIn,
}) => {
  const minted = await signedIn.cookie("edge-token");
  const refreshes: string[] = [];
  signedIn.page.on("request", (r) => {
    if (r.url().includes("/api/session/refresh")) refreshes.push(r.url());
  });
  for (const path of ["/dashboard", "/devices", "/settings/password", "/dashboard"]) {
    await signedIn.page.goto(path);
    await expect(signedIn.page).toHaveURL(new RegExp(`${path}$`));
  }
  expect(await signedIn.cookie("edge-token")).toBe(minted);
  expect(refreshes).toEqual([]);
});

test("a user's edge token does not open admin pages", async ({ fastSignedIn }) => {
  const res = await fastSignedIn.page.goto("/admin/sessions");
  expect(res?.status()).toBe(403);
  await expect(fastSignedIn.page.getByRole("heading", { level: 1 })).toHaveText(
    "You do not have access to this page",
  );
});
