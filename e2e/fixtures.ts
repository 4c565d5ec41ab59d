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
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";

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
  return { name: `User ${id}`, email: `user-${id}@example.com`, password: `pw-${randomUUID()}` };
}

/** Writes a user straight into the server's database: for roles the UI cannot grant to itself. */
export async function createAccount(creds: Credentials, role: "user" | "admin" = "user"): Promise<string> {
  const user = await db.user.create({
    data: { name: creds.name, email: creds.email, role, passwordHash: await hashPassword(creds.password) },
  });
  return user.id;
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

/** An administrator signed in on a Mac and a fresh user signed up on Windows: the start of most admin tests. */
export async function adminAndUser(
  openDevice: (kind?: "chromeMac" | "firefoxWindows") => Promise<Device>,
  admin: Credentials,
  user: Credentials,
) {
  const adminDevice = await openDevice("chromeMac");
  const userDevice = await openDevice("firefoxWindows");
  await adminDevice.signIn(admin);
  await userDevice.signUp(user);
  return { adminDevice, userDevice };
}

export class Device {
  constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly label: string,
    readonly ip: string,
  ) {}

  async signUp(user: Credentials): Promise<void> {
    await this.page.goto("/signup");
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
  /** An administrator that exists only for this test. */
  admin: Credentials;
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
      return new Device(context, await context.newPage(), DEVICE_LABELS[kind], ip);
    });
    await Promise.all(contexts.map((c) => c.close()));
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's dependencies from this pattern.
  admin: async ({}, use) => {
    const creds = newCredentials();
    await createAccount(creds, "admin");
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
});

export { expect };
