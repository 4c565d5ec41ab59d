// Security headers on every response, and a CSP the app itself never violates.
import { expect, test } from "../fixtures";

const PAGES = ["/", "/login", "/signup", "/dashboard", "/devices", "/settings/password"];

test("every page carries a strict CSP with a per-request nonce and the other security headers", async ({
  signedIn,
}) => {
  const nonces = new Set<string>();
  for (const path of PAGES) {
    const res = await signedIn.page.request.get(path);
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

test("cookies are __Secure-/__Host- prefixed and Secure when served over https", async ({
  user,
  signedIn: _, // the account exists; this test signs it in again over https
  browser,
}) => {
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-proto": "https" } });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/login")),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
  const setCookie = (await response.headersArray())
    .filter((h) => h.name.toLowerCase() === "set-cookie")
    .map((h) => h.value);
  const session = setCookie.find((c) => c.startsWith("__Secure-authjs.session-token="));
  const edge = setCookie.find((c) => c.startsWith("__Host-edge-token="));
  for (const cookie of [session, edge]) {
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
  }
  expect(edge).not.toMatch(/Domain=/i);
  await context.close();
});

test("over https only the __Secure- session cookie counts: a plain one planted by a sibling site is ignored", async ({
  user,
  signedIn: device,
  request,
}) => {
  const token = (await device.context.cookies()).find((c) => c.name === "authjs.session-token")?.value;
  expect(token).toBeDefined();
  const sessionWith = (cookie: string, https: boolean) =>
    request.get("/api/session", {
      headers: { cookie, ...(https ? { "x-forwarded-proto": "https" } : {}) },
    });

  const secure = await sessionWith(`__Secure-authjs.session-token=${token}`, true);
  expect(secure.status()).toBe(200);
  expect((await secure.json()).user.email).toBe(user.email);
  expect((await sessionWith(`authjs.session-token=${token}`, true)).status()).toBe(401);
  // Plain http has no prefix to rely on; the plain name is the right one there.
  expect((await sessionWith(`authjs.session-token=${token}`, false)).status()).toBe(200);
});
