// A real OpenID Provider for the e2e suite: oidc-provider (the certified Node
// implementation) with its development login and consent screens, one test
// client, and accounts made up on the spot: any login is an account whose
// email is that login. On 127.0.0.1 (loopback only) while the app is reached as
// localhost, so the two never share a cookie jar (cookies are per host, not port).
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import { type Page, test } from "@playwright/test";
import Provider from "oidc-provider";
import { freePort } from "@/lib/testing/free-port";
import { startOurServer } from "./own-server";

export const TEST_CLIENT = { id: "hybrid-auth-e2e", secret: "e2e-client-secret-0123456789" };

export type TestProvider = { issuer: string; stop: () => Promise<void> };

/** Starts the provider for an app whose callback is `${appOrigin}/api/auth/callback/oidc`. */
export async function startOidcProvider(appOrigin: string): Promise<TestProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: TEST_CLIENT.id,
        client_secret: TEST_CLIENT.secret,
        redirect_uris: [`${appOrigin}/api/auth/callback/oidc`],
        response_types: ["code"],
        grant_types: ["authorization_code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // Every login is an account; its subject is stable per login, like a real provider's.
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => ({ sub: `sub-${id}`, email: id, email_verified: true, name: `OP ${id.split("@")[0]}` }),
    }),
    features: { devInteractions: { enabled: true } },
    // The email in the ID token, as most providers send it (Auth.js reads the profile from there).
    conformIdTokenClaims: false,
    cookies: { keys: ["e2e-oidc-provider-cookie-key-0123456789"] },
  });
  // The dev screens are plain http on loopback: nothing here is reachable from outside.
  const server: Server = provider.listen(port, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return {
    issuer,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** From /login through the provider's screens; stops where the provider sends the browser back. */
export async function signInThroughProvider(page: Page, providerName: string, login: string): Promise<void> {
  await page.goto("/login");
  await page.getByRole("button", { name: `Sign in with ${providerName}` }).click();
  await passProviderScreens(page, login);
}

/** The provider's own screens (any login and password, then consent), however the browser got there. */
export async function passProviderScreens(page: Page, login: string): Promise<void> {
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

/** A provider login nobody has used yet: a new account at the provider. */
export const newProviderLogin = () => `op-${randomUUID().slice(0, 8)}@example.com`;

/**
 * For the tests of the enclosing file or describe: our own server with a
 * provider named `name` configured, and the provider beside it, started once and
 * stopped after. Read `origin` and `issuer` inside the tests.
 */
export function serverWithProvider(name: string, env: Record<string, string> = {}) {
  const started = { origin: "", issuer: "" };
  let app: Awaited<ReturnType<typeof startOurServer>> | undefined;
  let op: TestProvider | undefined;
  test.beforeAll(async () => {
    const port = await freePort();
    // Next's request URLs name every loopback address "localhost", so Auth.js sends
    // the provider a localhost callback: the browser uses that name too.
    started.origin = `http://localhost:${port}`;
    op = await startOidcProvider(started.origin);
    started.issuer = op.issuer;
    app = await startOurServer(
      {
        AUTH_OIDC_ISSUER: op.issuer,
        AUTH_OIDC_ID: TEST_CLIENT.id,
        AUTH_OIDC_SECRET: TEST_CLIENT.secret,
        AUTH_OIDC_NAME: name,
        ...env,
      },
      port,
    );
  });
  test.afterAll(async () => {
    await app?.stop();
    await op?.stop();
  });
  return started;
}
