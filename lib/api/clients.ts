// API clients are configured, never self-registered. The public client "cli"
// (npm run cli) is always there and needs DPoP; API_CLIENTS adds others as JSON:
//   [{"id":"tv","name":"Living-room TV","dpop":false,"scopes":["profile"]}]
import { z } from "zod";
import { config } from "@/lib/config/env";

export const API_SCOPES = ["profile", "sessions:read", "sessions:write"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** What each scope lets a client do, in the words the approval page shows. */
export const SCOPE_WORDS: Record<ApiScope, string> = {
  profile: "See your name and email address",
  "sessions:read": "See your signed-in devices",
  "sessions:write": "Sign out your devices",
};

const clientShape = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, "a client id is 1-40 lowercase letters, digits, . _ -"),
  name: z.string().trim().min(1).max(60),
  dpop: z.boolean().default(true),
  scopes: z
    .array(z.enum(API_SCOPES))
    .min(1)
    .default([...API_SCOPES]),
});
export type ApiClient = z.infer<typeof clientShape>;

const CLI: ApiClient = { id: "cli", name: "CLI", dpop: true, scopes: [...API_SCOPES] };

let cached: { source: string | undefined; clients: Map<string, ApiClient> } | undefined;

function clients(): Map<string, ApiClient> {
  const source = config().API_CLIENTS;
  if (cached && cached.source === source) return cached.clients;
  let extra: ApiClient[] = [];
  if (source) {
    let json: unknown;
    try {
      json = JSON.parse(source);
    } catch {
      throw new Error("Invalid API_CLIENTS: not JSON (a list of {id, name, dpop, scopes})");
    }
    const parsed = z.array(clientShape).safeParse(json);
    if (!parsed.success) throw new Error(`Invalid API_CLIENTS: ${parsed.error.issues[0]?.message}`);
    extra = parsed.data;
  }
  const map = new Map<string, ApiClient>([[CLI.id, CLI], ...extra.map((c) => [c.id, c] as const)]);
  cached = { source, clients: map };
  return map;
}

export function apiClient(id: unknown): ApiClient | null {
  return typeof id === "string" ? (clients().get(id) ?? null) : null;
}

/**
 * The scopes granted for a request: those asked for (space-separated) that the
 * client may have, or all of the client's when none are named; null if any
 * asked-for scope is unknown or not the client's (RFC 6749 invalid_scope).
 */
export function grantedScopes(client: ApiClient, asked: string | null | undefined): string[] | null {
  const names = (asked ?? "").split(" ").filter(Boolean);
  if (names.length === 0) return client.scopes;
  if (!names.every((n) => (client.scopes as string[]).includes(n))) return null;
  return [...new Set(names)];
}
