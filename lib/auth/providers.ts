// The sign-in providers offered through Auth.js, each one only when its settings
// are present: with none, /login shows password sign-in alone and `npm start`
// needs nothing. Provider ids name the callback (/api/auth/callback/<id>) and are
// what a session records as its sign-in method.
import type { Provider } from "next-auth/providers";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { type AppConfig, ConfigError, config } from "@/lib/config/env";

export type ProviderInfo = { id: string; name: string };

/**
 * `reauthenticates`: OpenID Connect providers honour `prompt=login` and
 * `max_age` and say in the ID token's `auth_time` when the person signed in,
 * so they can confirm "it's you" (lib/reauth/provider.ts). GitHub's OAuth
 * does neither.
 */
type Configured = ProviderInfo & { provider: Provider; reauthenticates: boolean };

/** Both halves of a client credential, or neither: half a provider is a typo, not a choice. */
function credential(prefix: string, id: string | undefined, secret: string | undefined) {
  if (!id && !secret) return undefined;
  if (!id || !secret)
    throw new ConfigError(`${prefix}_ID and ${prefix}_SECRET must be set together (only one of them is)`);
  return { clientId: id, clientSecret: secret };
}

function configured(env: AppConfig): Configured[] {
  const list: Configured[] = [];
  const oidc = credential("AUTH_OIDC", env.AUTH_OIDC_ID, env.AUTH_OIDC_SECRET);
  if (oidc && !env.AUTH_OIDC_ISSUER) throw new ConfigError("AUTH_OIDC_ID is set but AUTH_OIDC_ISSUER is not");
  if (oidc && env.AUTH_OIDC_ISSUER) {
    const name = env.AUTH_OIDC_NAME;
    list.push({
      id: "oidc",
      name,
      reauthenticates: true,
      // Auth.js checks PKCE, state and the ID token's nonce on the callback; the
      // issuer's discovery document supplies the endpoints and keys.
      provider: {
        id: "oidc",
        name,
        type: "oidc",
        issuer: env.AUTH_OIDC_ISSUER,
        checks: ["pkce", "state", "nonce"],
        ...oidc,
      },
    });
  }
  const github = credential("AUTH_GITHUB", env.AUTH_GITHUB_ID, env.AUTH_GITHUB_SECRET);
  if (github) list.push({ id: "github", name: "GitHub", reauthenticates: false, provider: GitHub(github) });
  const google = credential("AUTH_GOOGLE", env.AUTH_GOOGLE_ID, env.AUTH_GOOGLE_SECRET);
  if (google) list.push({ id: "google", name: "Google", reauthenticates: true, provider: Google(google) });
  return list;
}

let cached: Configured[] | undefined;

function all(): Configured[] {
  cached ??= configured(config());
  return cached;
}

/** What Auth.js is configured with. */
export function authProviders(): Provider[] {
  return all().map((p) => p.provider);
}

/** What pages show: id and display name, in button order. */
export function signInProviders(): ProviderInfo[] {
  return all().map(({ id, name }) => ({ id, name }));
}

export function isSignInProvider(id: string): boolean {
  return all().some((p) => p.id === id);
}

/** Of `ids` (the account's connected providers), those that can confirm "it's you", in button order. */
export function reauthenticatingProviders(ids: readonly string[]): ProviderInfo[] {
  return all()
    .filter((p) => p.reauthenticates && ids.includes(p.id))
    .map(({ id, name }) => ({ id, name }));
}

/** How a session's sign-in method reads on /devices and in the admin table. */
export function signInMethodLabel(method: string): string {
  if (method === "password") return "Password";
  if (method === "passkey") return "Passkey";
  if (method === "impersonation") return "Sign in as user";
  if (method === "device_code") return "Device code";
  // A provider removed from the settings since still has its sessions listed by id.
  return all().find((p) => p.id === method)?.name ?? method;
}

export { configured as providersFor };
