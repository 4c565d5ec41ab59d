// A real OpenID Provider for the e2e suite: oidc-provider (the certified Node
// implementation) with its development login and consent screens, one test
// client, and accounts made up on the spot: any login is an account whose
// email is that login. On 127.0.0.1 (loopback only) while the app is reached as
// localhost, so the two never share a cookie jar (cookies are per host, not port).
import type { Server } from "node:http";
import type { Page } from "@playwright/test";
import Provider from "oidc-provider";
import { freePort } from "@/lib/testing/free-port";

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
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}
