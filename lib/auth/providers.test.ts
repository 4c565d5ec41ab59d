import { describe, expect, it } from "vitest";
import { type AppConfig, ConfigError } from "@/lib/config/env";
import { providersFor } from "./providers";

const none = {
  AUTH_OIDC_NAME: "OpenID Connect",
} as AppConfig;

const ids = (env: Partial<AppConfig>) =>
  providersFor({ ...none, ...env } as AppConfig).map((p) => [p.id, p.name]);

describe("sign-in providers", () => {
  it("are none without settings, so npm start needs no provider", () => {
    expect(ids({})).toEqual([]);
  });

  it("are each one whose settings are complete, OpenID Connect under its configured name", () => {
    expect(
      ids({
        AUTH_OIDC_ISSUER: "https://id.example.com",
        AUTH_OIDC_ID: "client",
        AUTH_OIDC_SECRET: "secret",
        AUTH_OIDC_NAME: "Example ID",
        AUTH_GITHUB_ID: "gh",
        AUTH_GITHUB_SECRET: "gh-secret",
        AUTH_GOOGLE_ID: "g",
        AUTH_GOOGLE_SECRET: "g-secret",
      }),
    ).toEqual([
      ["oidc", "Example ID"],
      ["github", "GitHub"],
      ["google", "Google"],
    ]);
  });

  it("check state, nonce and PKCE on the OpenID Connect callback", () => {
    const [oidc] = providersFor({
      ...none,
      AUTH_OIDC_ISSUER: "https://id.example.com",
      AUTH_OIDC_ID: "client",
      AUTH_OIDC_SECRET: "secret",
    } as AppConfig);
    expect(oidc?.provider).toMatchObject({ id: "oidc", type: "oidc", checks: ["pkce", "state", "nonce"] });
  });

  it("refuse half a setting with the variable to fix", () => {
    expect(() => ids({ AUTH_GITHUB_ID: "gh" })).toThrow(ConfigError);
    expect(() => ids({ AUTH_GITHUB_ID: "gh" })).toThrow("AUTH_GITHUB_ID and AUTH_GITHUB_SECRET");
    expect(() => ids({ AUTH_OIDC_ID: "c", AUTH_OIDC_SECRET: "s" })).toThrow("AUTH_OIDC_ISSUER");
  });
});
