// The little of oidc-provider's API the e2e provider uses (the package ships no types).
declare module "oidc-provider" {
  import type { Server } from "node:http";

  type Account = { accountId: string; claims: () => Record<string, unknown> };

  export type Configuration = {
    clients: Record<string, unknown>[];
    claims: Record<string, string[]>;
    findAccount: (ctx: unknown, id: string) => Account | Promise<Account>;
    features: Record<string, { enabled: boolean }>;
    cookies: { keys: string[] };
    conformIdTokenClaims: boolean;
  };

  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    listen(port: number, host?: string): Server;
  }
}
