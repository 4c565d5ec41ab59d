// Passkeys with Chromium's virtual authenticator (CDP WebAuthn domain), shared by
// the passkey specs. A passkey's RP ID must be a host name, so they use
// http://localhost:PORT, the name the demo server's relying party answers to.
import type { Page } from "@playwright/test";
import { db } from "@/lib/db/client";
import { type Credentials, type Device, expect } from "../fixtures";
import { verifyEmail } from "./verify";

export const REFUSED = "That passkey is not registered here, or it could not be verified.";

/**
 * Chromium's virtual authenticator answers a passkey-autofill request at once,
 * as if the person picked the passkey the moment /login loaded. Tests of the
 * button and of step-up run as in a browser without autofill (which the button
 * is for); the autofill test turns it on.
 */
export async function addVirtualAuthenticator(page: Page, { autofill = false } = {}): Promise<void> {
  if (!autofill)
    await page.addInitScript(() => {
      PublicKeyCredential.isConditionalMediationAvailable = async () => false;
    });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

/** Signs up on `origin` and registers a passkey there; leaves the device signed out. */
export async function withPasskey(
  device: Device,
  origin: string,
  user: Credentials,
  { autofill = false } = {},
): Promise<void> {
  const page = device.page;
  await addVirtualAuthenticator(page, { autofill });
  await page.goto(`${origin}/signup`);
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  // Adding a passkey needs a verified address (e2e/security/mail-takeover.spec.ts).
  await verifyEmail(user.email);
  await page.goto(`${origin}/settings/passkeys`);
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByRole("status")).toHaveText("Passkey added.");
  await expect(page.getByRole("list", { name: "Your passkeys" }).getByRole("listitem")).toHaveCount(1);
  // With autofill on, "Sign out" would land on /login and sign straight back in: forget the cookies instead.
  if (autofill) await device.context.clearCookies();
  else await device.signOut();
}

export const localhost = (baseURL: string | undefined) => (baseURL ?? "").replace("127.0.0.1", "localhost");

/** withPasskey, then the account and a count of its sessions (what the replay tests watch). */
export async function passkeyAccount(device: Device, origin: string, user: Credentials) {
  await withPasskey(device, origin, user);
  const owner = await db.user.findUniqueOrThrow({ where: { email: user.email } });
  return { owner, sessions: () => db.session.count({ where: { userId: owner.id } }) };
}
