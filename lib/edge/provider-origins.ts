// Where the sign-in forms send the browser: the configured providers' sign-in
// pages. A plain form post (no JavaScript) that is redirected there is still
// governed by the page's CSP form-action, so those origins must be listed.
// Edge-safe (middleware builds the CSP): it reads only the parsed settings.
import type { AppConfig } from "@/lib/config/env";

export function providerOrigins(env: AppConfig): string[] {
  const origins: string[] = [];
  // The issuer's origin, where providers serve their authorization endpoint.
  if (env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_ID) origins.push(new URL(env.AUTH_OIDC_ISSUER).origin);
  if (env.AUTH_GITHUB_ID) origins.push("https://github.com");
  if (env.AUTH_GOOGLE_ID) origins.push("https://accounts.google.com");
  return origins;
}
