// Links in mail point at the configured public URL (AUTH_URL) or, without one,
// at the address our server listens on. Never at the request's Host or
// X-Forwarded-* headers: whoever sends a request chooses those, and a link built
// from them would carry a reset token to their host (link poisoning).

/** Set by our server (lib/server/serve.ts) before Next loads. */
export const SELF_ORIGIN_VAR = "__HYBRID_AUTH_SELF_ORIGIN";

export function publicOrigin(env: Record<string, string | undefined> = process.env): string {
  if (env.AUTH_URL) return new URL(env.AUTH_URL).origin;
  return env[SELF_ORIGIN_VAR] ?? `http://127.0.0.1:${env.PORT || 3000}`;
}

/** An absolute link to a path of this app, for a message. */
export function mailLink(path: string, env: Record<string, string | undefined> = process.env): string {
  return new URL(path, publicOrigin(env)).href;
}
