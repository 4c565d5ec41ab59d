// Requests a browser would never send: cross-origin posts, replayed actions,
// garbage cookies and oversized input. None may change anything or leak internals.
import type { Page, Request } from "@playwright/test";
import { db } from "@/lib/db/client";
import { confirmInDialog, createAccount, type Device, expect, newCredentials, test } from "../fixtures";

/** Clicks a button whose server action post is captured and stopped before it reaches the server. */
async function captureAction(page: Page, click: () => Promise<void>): Promise<Request> {
  let captured: Request | undefined;
  await page.route("**/*", async (route) => {
    const r = route.request();
    if (r.method() === "POST" && r.headers()["next-action"]) {
      captured = r;
      await route.abort();
    } else await route.continue();
  });
  await click();
  await expect.poll(() => captured).toBeDefined();
  await page.unroute("**/*");
  return captured as Request;
}

async function replay(
  from: Device,
  action: Request,
  { origin, data }: { origin?: string; data?: Buffer } = {},
) {
  const h = await action.allHeaders();
  return from.page.request.post(action.url(), {
    headers: {
      "next-action": h["next-action"] as string,
      "content-type": h["content-type"] as string,
      accept: "text/x-component",
      origin: origin ?? new URL(action.url()).origin,
    },
    data: data ?? (action.postDataBuffer() as Buffer),
    maxRedirects: 0,
  });
}

function expectNoInternals(body: string) {
  expect(body).not.toMatch(/\n\s+at [\w.<>]+ \(/); // stack frames
  expect(body).not.toMatch(/prisma|SQLITE|SELECT .* FROM/i);
}

test("a server action posted from another origin is refused and changes nothing", async ({
  fastDevicesOf,
}) => {
  const [a, b] = await fastDevicesOf(["chromeMac", "firefoxWindows"]);
  await a.page.goto("/devices");
  const revokeOthers = await captureAction(a.page, () =>
    a.page.getByRole("button", { name: "Sign out all other devices" }).click(),
  );

  const forged = await replay(a, revokeOthers, { origin: "https://evil.example" });
  expect(forged.status()).toBeGreaterThanOrEqual(400);
  expectNoInternals(await forged.text());
  await b.page.goto("/dashboard");
  await expect(b.page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();

  // The same request with the app's own Origin works: the refusal above was the Origin check.
  const genuine = await replay(a, revokeOthers);
  expect(genuine.status()).toBe(200);
  await b.page.goto("/dashboard");
  await expect(b.page).toHaveURL(/\/login/);
});

test("Auth.js's own POST routes refuse requests without its CSRF token", async ({ fastSignedIn }) => {
  const res = await fastSignedIn.page.request.post("/api/auth/signout", {
    headers: { origin: "https://evil.example" },
    maxRedirects: 0,
  });
  expect(res.status()).toBeLessThan(500);
  await fastSignedIn.page.goto("/dashboard");
  await expect(fastSignedIn.page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
});

test("every admin action replayed by a non-admin changes nothing", async ({ admin, openDevice }) => {
  const target = newCredentials();
  const targetId = await createAccount(target);
  const adminDevice = await openDevice();
  const victim = await openDevice("firefoxWindows");
  const attacker = await openDevice("edgeWindows");
  await adminDevice.startSession(admin);
  await victim.startSession(target);
  await attacker.startSession(newCredentials());

  const page = adminDevice.page;
  // Each posts its action; the destructive ones through their confirmation dialog.
  const confirmed = async (name: string, fields: Record<string, string> = {}) => {
    await page.getByRole("button", { name }).click();
    await confirmInDialog(page, name, fields);
  };
  const buttons = [
    async () => {
      await page
        .getByRole("table")
        .getByRole("row")
        .filter({ hasText: target.email })
        .getByRole("button", { name: "Revoke" })
        .click();
      await confirmInDialog(page, "Revoke");
    },
    () => confirmed("Revoke all sessions"),
    () => confirmed("Lock account", { Reason: "Replayed" }),
    () => confirmed("End every session", { Confirmation: "END ALL SESSIONS" }),
    () => page.getByRole("button", { name: "Make admin" }).click(),
  ];
  const actions: Request[] = [];
  for (const button of buttons) {
    // A fresh page each time: the aborted post leaves the previous one in an error state.
    await page.goto(`/admin/sessions?email=${encodeURIComponent(target.email)}`);
    actions.push(await captureAction(page, button));
  }
  await page.goto(`/admin/sessions?email=${encodeURIComponent(target.email)}`);
  await page.getByLabel("Reason").fill("replayed");
  actions.push(
    await captureAction(page, () => page.getByRole("button", { name: "Sign in as user" }).click()),
  );
  for (const action of actions) {
    const res = await replay(attacker, action);
    expect(res.status()).toBeLessThan(500);
  }
  const after = await db.user.findUniqueOrThrow({ where: { id: targetId } });
  expect(after.role).toBe("user");
  expect(after.lockedAt).toBeNull();
  expect(await db.session.count({ where: { userId: targetId } })).toBe(1);
  await victim.page.goto("/dashboard");
  await expect(victim.page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
});

test("revoke takes a session id and checks its owner: another user's id changes nothing", async ({
  fastDevicesOf,
}) => {
  const mallory = newCredentials();
  const victim = newCredentials();
  const [m1, m2] = await fastDevicesOf(["chromeMac", "firefoxWindows"], mallory);
  const [v] = await fastDevicesOf(["safariIphone"], victim);
  const own = await db.session.findFirstOrThrow({ where: { user: { email: mallory.email }, ip: m2.ip } });
  const theirs = await db.session.findFirstOrThrow({ where: { user: { email: victim.email } } });

  await m1.page.goto("/devices");
  const action = await captureAction(m1.page, () =>
    m1.page.getByRole("button", { name: `Revoke ${m2.label}` }).click(),
  );
  const body = (action.postDataBuffer() as Buffer).toString("latin1");
  expect(body).toContain(own.id);
  // The page never shows another session's token, only ids; swap in the victim's id.
  expect(body).not.toContain((await m2.cookie("authjs.session-token")) as string);
  const res = await replay(m1, action, { data: Buffer.from(body.replaceAll(own.id, theirs.id), "latin1") });
  expect(res.status()).toBeLessThan(500);

  expect(await db.session.count({ where: { id: { in: [own.id, theirs.id] } } })).toBe(2);
  await v.page.goto("/dashboard");
  await expect(v.page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
});

test("the cookie of a revoked session, replayed, gets nowhere", async ({ openDevice, fastDevicesOf }) => {
  const [a, b] = await fastDevicesOf(["chromeMac", "firefoxWindows"]);
  const bCookies = await b.context.cookies();
  await a.revoke(b);

  const replayer = await openDevice("safariIphone");
  await replayer.context.addCookies(bCookies);
  // Its edge token is still within its TTL: the page's database check is what refuses it.
  await replayer.page.goto("/devices");
  await expect(replayer.page).toHaveURL(/\/login/);
  await replayer.page.goto("/dashboard");
  await expect(replayer.page).toHaveURL(/\/login/);
});

test("garbage and oversized cookies, headers and fields get a clean answer", async ({
  user,
  openDevice,
  request,
}) => {
  for (const cookie of [
    `authjs.session-token=${"A".repeat(3900)}`,
    "authjs.session-token=%%%%; edge-token=...",
    `edge-token=${"e".repeat(3900)}`,
  ]) {
    const res = await request.get("/dashboard", { headers: { cookie }, maxRedirects: 0 });
    expect([303, 307]).toContain(res.status());
    expect(res.headers().location).toMatch(/^\/(login|api\/session\/refresh)\?next=/);
  }
  const weird = await request.get("/login", {
    headers: { "x-forwarded-for": "not-an-ip, <script>", "user-agent": "x".repeat(8000) },
  });
  expect(weird.status()).toBe(200);

  const device = await openDevice();
  await device.page.goto("/signup");
  await device.page.getByLabel("Name").fill(user.name);
  await device.page.getByLabel("Email").fill(user.email);
  await device.page.getByLabel("Password").fill("p".repeat(5000));
  await device.page.getByRole("button", { name: "Create account" }).click();
  const alert = device.page.getByRole("form", { name: "Create account" }).getByRole("alert");
  await expect(alert).toBeVisible();
  expectNoInternals((await alert.textContent()) ?? "");
  expect(await db.user.count({ where: { email: user.email } })).toBe(0);
});
