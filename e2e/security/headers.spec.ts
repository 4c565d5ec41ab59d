// Security headers on every response, and a CSP the app itself never violates.
import { db } from "@/lib/db/client";
import { hashSessionToken } from "@/lib/sessions/token";
import { type Device, expect, test } from "../fixtures";

const PAGES = ["/", "/login", "/signup", "/dashboard", "/devices", "/settings/password"];

test("every page carries a strict CSP with a per-request nonce and the other security headers", async ({
  fastSignedIn,
}) => {
  const nonces = new Set<string>();
  for (const path of PAGES) {
    const res = await fastSignedIn.page.request.get(path);
    const h = res.headers();
    const csp = h["content-security-policy"] ?? "";
    const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
    expect(scriptSrc, path).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
    expect(scriptSrc, path).not.toContain("unsafe-inline");
    expect(scriptSrc, path).not.toContain("unsafe-eval");
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).toContain("object-src 'none'");
    expect(h["x-content-type-options"], path).toBe("nosniff");
    expect(h["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(h["permissions-policy"], path).toContain("camera=()");
    expect(h["x-frame-options"], path).toBe("DENY");
    nonces.add(scriptSrc);
  }
  expect(nonces.size).toBe(PAGES.length);
});

test("HSTS is sent when the app is reached over https (behind a TLS proxy)", async ({ request }) => {
  const res = await request.get("/", { headers: { "x-forwarded-proto": "https" } });
  expect(res.headers()["strict-transport-security"]).toContain("max-age=");
  expect((await request.get("/")).headers()["strict-transport-security"]).toBeUndefined();
});

test("pages run under the CSP without a single violation", async ({ user, openDevice }) => {
  const device = await openDevice();
  const violations: string[] = [];
  device.page.on("console", (m) => {
    if (m.text().includes("Content Security Policy")) violations.push(m.text());
  });
  await device.page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await device.signUp(user);
  for (const path of PAGES) {
    await device.page.goto(path);
    await device.page.waitForLoadState("networkidle");
  }
  // The forms still work with scripts under the policy: a client-side action round trip.
  await device.page.goto("/settings/password");
  await device.page.getByLabel("Current password").fill("wrong-password");
  await device.page.getByLabel("New password").fill("another-password");
  await device.page.getByRole("button", { name: "Change password" }).click();
  await expect(device.page.getByRole("form", { name: "Change password" }).getByRole("alert")).toBeVisible();
  expect(violations).toEqual([]);
});

const HOST_SESSION = "__Host-authjs.session-token";

/** The device's requests from now on arrive as if through a TLS proxy: the app sees https. */
async function overHttps(device: Device): Promise<Device> {
  await device.context.setExtraHTTPHeaders({ "x-forwarded-for": device.ip, "x-forwarded-proto": "https" });
  return device;
}

test("cookies are __Host- prefixed, Secure, Path=/ and without Domain when served over https", async ({
  user,
  fastSignedIn: _, // the account exists; this test signs it in again over https
  openDevice,
}) => {
  const { page } = await overHttps(await openDevice());
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/login")),
    page.getByRole("button", { name: "Sign in", exact: true }).click(),
  ]);
  const setCookie = (await response.headersArray())
    .filter((h) => h.name.toLowerCase() === "set-cookie")
    .map((h) => h.value);
  expect(setCookie.filter((c) => /^(__Secure-)?authjs\.session-token=/.test(c))).toEqual([]);
  for (const name of [HOST_SESSION, "__Host-edge-token"]) {
    const cookie = setCookie.find((c) => c.startsWith(`${name}=`));
    expect(cookie, name).toBeDefined();
    expect(cookie, name).toMatch(/; Secure/i);
    expect(cookie, name).toMatch(/; HttpOnly/i);
    expect(cookie, name).toMatch(/; SameSite=Lax/i);
    expect(cookie, name).toMatch(/; Path=\/(;|$)/i);
    expect(cookie, name).not.toMatch(/Domain=/i);
  }
});

test("over https only the __Host- session cookie counts: a __Secure- or plain one planted by a sibling site is ignored", async ({
  user,
  fastSignedIn: device,
  request,
}) => {
  const token = await device.cookie("authjs.session-token");
  expect(token).toBeDefined();
  const get = (path: string, cookie: string, https: boolean) =>
    request.get(path, { headers: { cookie, ...(https ? { "x-forwarded-proto": "https" } : {}) } });
  // Our session check, and Auth.js's own session endpoint: both read one name on https.
  const ours = (cookie: string, https: boolean) => get("/api/session", cookie, https);
  const authjs = async (cookie: string) => (await get("/api/auth/session", cookie, true)).json();

  const host = await ours(`${HOST_SESSION}=${token}`, true);
  expect(host.status()).toBe(200);
  expect((await host.json()).user.email).toBe(user.email);
  expect((await authjs(`${HOST_SESSION}=${token}`))?.user?.email).toBe(user.email);
  for (const planted of [`__Secure-authjs.session-token=${token}`, `authjs.session-token=${token}`]) {
    expect((await ours(planted, true)).status(), planted).toBe(401);
    expect(await authjs(planted), planted).toBeNull();
  }
  // Plain http has no prefix to rely on; the plain name is the right one there.
  expect((await ours(`authjs.session-token=${token}`, false)).status()).toBe(200);
});

test("signing out over https ends the session and clears the __Host- cookie", async ({
  user,
  fastSignedIn: _, // the account exists; this test signs it in again over https
  openDevice,
  request,
}) => {
  const device = await overHttps(await openDevice());
  await device.signIn(user);
  const token = await device.cookie(HOST_SESSION);
  expect(token).toBeDefined();
  const row = () => db.session.findUnique({ where: { sessionToken: hashSessionToken(token as string) } });
  expect(await row()).not.toBeNull();

  // Not device.signOut(): Auth.js sends the browser on to https://…/login, which this
  // plain-http server cannot answer. The sign-out's own response is what counts here.
  await Promise.all([
    device.page.waitForResponse((r) => r.request().method() === "POST"),
    device.page.getByRole("button", { name: "Sign out" }).click(),
  ]);
  expect(await device.cookie(HOST_SESSION)).toBeUndefined();
  expect(await row()).toBeNull();
  const replayed = await request.get("/api/session", {
    headers: { cookie: `${HOST_SESSION}=${token}`, "x-forwarded-proto": "https" },
  });
  expect(replayed.status()).toBe(401);
});
