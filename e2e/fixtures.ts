// Fixtures for multi-device tests against database sessions. Each test gets its
// own fresh user and fresh browser contexts ("devices"), so a test that signs out
// or revokes never breaks another (no shared storageState).
//
//   test("A revokes B", async ({ devicesOf }) => {
//     const [a, b] = await devicesOf(["chromeMac", "firefoxWindows"]);
//     await a.revoke(b);
//     ...
//   });
import { randomUUID } from "node:crypto";
import { type BrowserContext, test as base, expect, type Page } from "@playwright/test";
import bcrypt from "bcryptjs";
import { audit } from "@/lib/audit";
import { hashPassword, pepperedInput } from "@/lib/auth/password";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { DEVICE_COOKIE, EDGE_COOKIE, SESSION_COOKIE } from "@/lib/edge/cookies";
import { mintEdgeToken } from "@/lib/edge/token";
import type { ClientInfo } from "@/lib/http/client-info";
import { deviceLabel } from "@/lib/http/device-label";
import { beginSession } from "@/lib/sessions/begin";
import { absoluteExpiry } from "@/lib/sessions/policy";
import { newSessionToken } from "@/lib/sessions/token";
import { recordSecret } from "./secrets";

export const USER_AGENTS = {
  chromeMac:
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  firefoxWindows: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
  safariIphone:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
  edgeWindows:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
} as const;

/** What the devices page shows for each user agent above. */
export const DEVICE_LABELS: Record<keyof typeof USER_AGENTS, string> = {
  chromeMac: "Chrome on macOS",
  firefoxWindows: "Firefox on Windows",
  safariIphone: "Safari on iOS",
  edgeWindows: "Edge on Windows",
};

export type Credentials = { name: string; email: string; password: string };

export const SEEDED_ADMIN: Credentials = {
  name: "Admin",
  email: "admin@example.com",
  password: "admin-demo-password",
};

export function newCredentials(): Credentials {
  const id = randomUUID().slice(0, 8);
  return {
    name: `User ${id}`,
    email: `user-${id}@example.com`,
    password: recordSecret("password", `pw-${randomUUID()}`),
  };
}

/**
 * bcrypt cost of the accounts the fast fixtures make: the app's own hashing, at
 * the lowest cost bcrypt allows, where hashing is not what a test is about (a
 * sign-in against it still runs the real comparison, in ~1 ms instead of ~100).
 */
export const FIXTURE_BCRYPT_COST = 4;

/**
 * The hash the app's hash worker makes (lib/auth/hash-worker.mjs: bcryptjs), at
 * FIXTURE_BCRYPT_COST: a millisecond, so it runs here instead of on a pool of threads.
 */
function fixtureHash(password: string): string {
  const { input, store } = pepperedInput(password);
  return store(bcrypt.hashSync(input, FIXTURE_BCRYPT_COST));
}

/**
 * Writes a user straight into the server's database: for roles the UI cannot grant
 * to itself. Hashes at the server's cost (BCRYPT_COST), or at FIXTURE_BCRYPT_COST
 * with `fast`: tests of sign-in timing and hashing load need the real one.
 */
export async function createAccount(
  creds: Credentials,
  role: "user" | "admin" = "user",
  { fast = false }: { fast?: boolean } = {},
): Promise<string> {
  const passwordHash = fast ? fixtureHash(creds.password) : await hashPassword(creds.password);
  const user = await db.user.create({ data: { name: creds.name, email: creds.email, role, passwordHash } });
  return user.id;
}

/**
 * The account as the sign-up form leaves it (the row and its "Account created"
 * event), hashed at FIXTURE_BCRYPT_COST; no verification mail is queued. For tests
 * whose subject is not sign-up.
 */
export async function createFixtureAccount(
  creds: Credentials,
  role: "user" | "admin" = "user",
  client: ClientInfo | null = null,
): Promise<string> {
  const passwordHash = fixtureHash(creds.password);
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: { name: creds.name, email: creds.email, role, passwordHash },
    });
    await audit(tx, { action: "user.created", actorUserId: user.id, targetUserId: user.id, client });
    return user.id;
  }, FIXTURE_TRANSACTION);
}

/**
 * Prisma's interactive transactions give up after 5 s (2 s to start): on a loaded
 * machine, with the server writing to the same SQLite file, a fixture's few writes
 * can wait longer than that for the lock. A fixture must not fail on a slow day.
 */
const FIXTURE_TRANSACTION = { maxWait: 30_000, timeout: 30_000 };

/** The Playwright cookie for the e2e host: cookies are per host, so it reaches every port (own servers too). */
function hostCookie(name: string, value: string, expires: number) {
  return {
    name,
    value,
    domain: "127.0.0.1",
    path: "/",
    httpOnly: true,
    secure: false,
    sameSite: "Lax" as const,
    expires,
  };
}

/** Opens /login and types into the form, without submitting it. */
export async function fillSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
}

/**
 * Destructive admin buttons only open a dialog: fill in what it asks for (by
 * label), then press its own button, named like the one that opened it.
 */
export async function confirmInDialog(page: Page, button: string, fields: Record<string, string> = {}) {
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  for (const [label, value] of Object.entries(fields)) await dialog.getByLabel(label).fill(value);
  await dialog.getByRole("button", { name: button, exact: true }).click();
}

/**
 * An administrator signed in on a Mac and a fresh user signed in on Windows: the start
 * of most admin tests. Through Device.startSession: none of them is about the sign-in form.
 */
export async function adminAndUser(
  openDevice: (kind?: "chromeMac" | "firefoxWindows") => Promise<Device>,
  admin: Credentials,
  user: Credentials,
) {
  const adminDevice = await openDevice("chromeMac");
  const userDevice = await openDevice("firefoxWindows");
  await adminDevice.startSession(admin);
  await userDevice.startSession(user);
  return { adminDevice, userDevice };
}

export class Device {
  constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly label: string,
    readonly ip: string,
    /** The user agent the context sends (what the server derives the label from). */
    readonly userAgent: string = USER_AGENTS.chromeMac,
  ) {}

  /** What the server reads from this device's requests (lib/http/client-info.ts). */
  get client(): ClientInfo {
    return { ip: this.ip, userAgent: this.userAgent, deviceLabel: deviceLabel(this.userAgent) };
  }

  /**
   * Signed in without the form, the way a password sign-in ends (lib/auth/sign-in.ts):
   * a session started by the app's beginSession (row with this device's label, IP and
   * user agent, "session.created" event, known device), then its cookies (session
   * token, edge token, device id) in this context. Creates the account first (as
   * createFixtureAccount) when none has this email, like signUp; lands on /dashboard
   * like signUp and signIn. For tests whose subject is not signing in.
   */
  async startSession(creds: Credentials): Promise<void> {
    const client = this.client;
    const existing = await db.user.findUnique({ where: { email: creds.email }, select: { id: true } });
    const userId = existing?.id ?? (await createFixtureAccount(creds, "user", client));
    const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { role: true } });
    const token = recordSecret("session token", newSessionToken());
    const deviceId = (await this.context.cookies()).find((c) => c.name === DEVICE_COOKIE)?.value;
    const session = await db.$transaction(
      (tx) =>
        beginSession(tx, {
          sessionToken: token,
          userId,
          expires: absoluteExpiry(),
          client,
          signInMethod: "password",
          amr: ["pwd"],
          deviceId,
        }),
      FIXTURE_TRANSACTION,
    );
    const now = Math.floor(Date.now() / 1000);
    const edge = await mintEdgeToken({
      sub: userId,
      sid: session.id,
      role: user.role,
      authTime: session.authTime,
      amr: session.amr,
    });
    await this.context.addCookies([
      hostCookie(SESSION_COOKIE, token, Math.floor(session.expires.getTime() / 1000)),
      hostCookie(EDGE_COOKIE, recordSecret("edge token", edge), now + config().EDGE_TOKEN_TTL_SECONDS),
      hostCookie(DEVICE_COOKIE, session.deviceId, now + 400 * 24 * 3600),
    ]);
    await this.page.goto("/dashboard");
    await expect(this.page).toHaveURL(/\/dashboard$/);
  }

  /** Signs up through the form, on `origin` (another server of the test's) or the baseURL. */
  async signUp(user: Credentials, origin = ""): Promise<void> {
    await this.page.goto(`${origin}/signup`);
    await this.page.getByLabel("Name").fill(user.name);
    await this.page.getByLabel("Email").fill(user.email);
    await this.page.getByLabel("Password").fill(user.password);
    await this.page.getByRole("button", { name: "Create account" }).click();
    await expect(this.page).toHaveURL(/\/dashboard$/);
  }

  async signIn(user: Pick<Credentials, "email" | "password">, next?: string): Promise<void> {
    await this.page.goto(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
    await this.page.getByLabel("Email").fill(user.email);
    await this.page.getByLabel("Password").fill(user.password);
    await this.page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(this.page).toHaveURL(new RegExp(`${next ? next.replace(/[/?]/g, "\\$&") : "/dashboard"}$`));
  }

  async signOut(): Promise<void> {
    await this.page.getByRole("button", { name: "Sign out" }).click();
    await expect(this.page).toHaveURL(/\/login/);
  }

  /** Revokes `other`'s session from this device's devices page, and waits until it is gone from the list. */
  async revoke(other: Device): Promise<void> {
    await this.page.goto("/devices");
    await this.page.getByRole("button", { name: `Revoke ${other.label}` }).click();
    await expect(this.page.getByRole("listitem").filter({ hasText: other.ip })).toHaveCount(0);
  }

  /** The cookie jar's value of a cookie, e.g. "edge-token". */
  async cookie(name: string): Promise<string | undefined> {
    return (await this.context.cookies()).find((c) => c.name === name)?.value;
  }
}

type DeviceKind = keyof typeof USER_AGENTS;

type Fixtures = {
  /** A user that exists only for this test (created through the sign-up form on first use of a device). */
  user: Credentials;
  /** Opens a new browser context with the given user agent and a distinct client IP. */
  openDevice: (kind?: DeviceKind) => Promise<Device>;
  /** A user already signed up on one device: the common start of a test. */
  signedIn: Device;
  /**
   * One account signed in on several devices: signed up on the first, signed in
   * on the rest. The account is the test's `user` unless `creds` is given.
   */
  devicesOf: <K extends DeviceKind[]>(
    kinds: [...K],
    creds?: Credentials,
  ) => Promise<{ [I in keyof K]: Device }>;
  /** An administrator that exists only for this test (hashed at FIXTURE_BCRYPT_COST). */
  admin: Credentials;
  /** Like `signedIn`, through Device.startSession instead of the sign-up form. */
  fastSignedIn: Device;
  /** Like `devicesOf`, through Device.startSession on every device instead of the forms. */
  fastDevicesOf: <K extends DeviceKind[]>(
    kinds: [...K],
    creds?: Credentials,
  ) => Promise<{ [I in keyof K]: Device }>;
};

let ipCounter = 1;

export const test = base.extend<Fixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's dependencies from this pattern.
  user: async ({}, use) => {
    await use(newCredentials());
  },
  openDevice: async ({ browser }, use, testInfo) => {
    const contexts: BrowserContext[] = [];
    await use(async (kind = "chromeMac") => {
      // The e2e server trusts x-forwarded-for, as it would behind a proxy: each device gets its own
      // address, distinct across workers too, so per-IP login limits never add up between tests.
      const ip = `198.18.${testInfo.workerIndex % 256}.${(ipCounter++ % 250) + 1}`;
      const context = await browser.newContext({
        userAgent: USER_AGENTS[kind],
        extraHTTPHeaders: { "x-forwarded-for": ip },
      });
      contexts.push(context);
      return new Device(context, await context.newPage(), DEVICE_LABELS[kind], ip, USER_AGENTS[kind]);
    });
    // The tokens the server handed each device (sign-up, sign-in, refresh), for the run's log check.
    for (const context of contexts)
      for (const cookie of await context.cookies().catch(() => [])) {
        if (cookie.name.endsWith(SESSION_COOKIE)) recordSecret("session token", cookie.value);
        if (cookie.name.endsWith(EDGE_COOKIE)) recordSecret("edge token", cookie.value);
      }
    await Promise.all(contexts.map((c) => c.close()));
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's dependencies from this pattern.
  admin: async ({}, use) => {
    const creds = newCredentials();
    const id = await createAccount(creds, "admin", { fast: true });
    // As the seed leaves its administrator: an address verified, so a second factor can be set up.
    await db.user.update({ where: { id }, data: { emailVerified: new Date() } });
    await use(creds);
  },
  signedIn: async ({ devicesOf }, use) => {
    const [device] = await devicesOf(["chromeMac"]);
    await use(device);
  },
  devicesOf: async ({ user, openDevice }, use) => {
    await use(async (kinds, creds = user) => {
      const devices = await Promise.all(kinds.map((kind) => openDevice(kind)));
      for (const [i, device] of devices.entries())
        await (i === 0 ? device.signUp(creds) : device.signIn(creds));
      return devices as never;
    });
  },
  fastSignedIn: async ({ fastDevicesOf }, use) => {
    const [device] = await fastDevicesOf(["chromeMac"]);
    await use(device);
  },
  fastDevicesOf: async ({ user, openDevice }, use) => {
    await use(async (kinds, creds = user) => {
      const devices = await Promise.all(kinds.map((kind) => openDevice(kind)));
      // One after another, as the forms were: the first creates the account.
      for (const device of devices) await device.startSession(creds);
      return devices as never;
    });
  },
});

export { expect };
