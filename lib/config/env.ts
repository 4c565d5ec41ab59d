// Every setting the app reads, parsed once with zod. Edge-safe: it only reads
// process.env, so middleware.ts may import it.
import { z } from "zod";

/** An empty value counts as unset, as many .env files leave it. */
const optionalText = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  z.string().trim().optional(),
);

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
const logLevel = z.preprocess(
  (v) => (v === "" ? undefined : v),
  z.enum(LOG_LEVELS, `LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}`).default("info"),
);

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const schema = z
  .object({
    AUTH_SECRET: z
      .string()
      .optional()
      .transform((v) =>
        (v ?? "")
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .refine(
        (list) => list.every((s) => s.length >= 32),
        "every AUTH_SECRET entry needs at least 32 characters",
      ),
    SESSION_MAX_AGE_SECONDS: seconds(30 * 24 * 3600),
    SESSION_IDLE_TIMEOUT_SECONDS: seconds(7 * 24 * 3600),
    SESSION_ACTIVITY_UPDATE_SECONDS: seconds(60),
    EDGE_TOKEN_TTL_SECONDS: seconds(60).refine((v) => v <= 300, "EDGE_TOKEN_TTL_SECONDS may be at most 300"),
    // The edge token of a device-bound session (lib/dbsc): renewed by a signed refresh, not the cookie.
    BOUND_EDGE_TOKEN_TTL_SECONDS: seconds(300).refine(
      (v) => v <= 300,
      "BOUND_EDGE_TOKEN_TTL_SECONDS may be at most 300",
    ),
    // https for `npm start` (lib/server/serve.ts): paths of a PEM certificate and its key, both or neither.
    HTTPS_CERT: optionalText,
    HTTPS_KEY: optionalText,
    // Read where it is used (lib/edge/admin-mfa.ts, edge-safe); checked here so `npm start` names a bad one.
    REQUIRE_ADMIN_MFA: z.enum(["true", "false"], "REQUIRE_ADMIN_MFA must be true or false").optional(),
    // Sensitive actions need the user to have proved who they are within this many seconds.
    STEP_UP_MAX_AGE_SECONDS: seconds(600),
    TRUSTED_IP_HEADER: z
      .string()
      .optional()
      .transform((v) => v?.trim().toLowerCase() || undefined),
    MAX_SESSIONS_PER_USER: z.coerce.number().int().min(1).max(1000).default(10),
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
    LOGIN_LOCKOUT_SECONDS: seconds(15 * 60),
    LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).max(100_000).default(50),
    BCRYPT_COST: z.coerce.number().int().min(10).max(15).default(12),
    // NIST SP 800-63B-4 3.1.1.2: at least 15 where a password is the only factor; never below 8.
    PASSWORD_MIN_LENGTH: z.coerce
      .number()
      .int()
      .min(8, "PASSWORD_MIN_LENGTH may not be below 8")
      .max(64, "PASSWORD_MIN_LENGTH may be at most 64")
      .default(15),
    // Keys the HMAC in front of bcrypt (lib/auth/password.ts); unset: derived from AUTH_SECRET.
    PASSWORD_PEPPER: optionalText.pipe(
      z.string().min(32, "PASSWORD_PEPPER needs at least 32 characters").optional(),
    ),
    // "hibp": new passwords are also looked up in Have I Been Pwned's range API (lib/auth/breached.ts).
    BREACHED_PASSWORD_CHECK: z
      .enum(["off", "hibp"], "BREACHED_PASSWORD_CHECK must be off or hibp")
      .default("off"),
    HIBP_API_URL: z
      .url({ protocol: /^https?$/, error: "HIBP_API_URL must be an http(s) URL" })
      .default("https://api.pwnedpasswords.com/range/"),
    // Unset: one hashing thread per core, and a queue of 8 per thread.
    PASSWORD_HASH_THREADS: z.coerce.number().int().min(1).max(64).optional(),
    PASSWORD_HASH_QUEUE: z.coerce.number().int().min(1).max(10_000).optional(),
    // GET /api/metrics (lib/metrics/access.ts): set, only this bearer token reads it; unset, loopback only.
    METRICS_TOKEN: optionalText.pipe(
      z.string().min(32, "METRICS_TOKEN needs at least 32 characters").optional(),
    ),
    // Read by middleware straight from process.env; checked here so `npm start` names a bad one.
    REVOCATION_FEED_ORIGIN: z
      .url({ protocol: /^https?$/, error: "REVOCATION_FEED_ORIGIN must be an http(s) URL" })
      .optional(),
    // Read by middleware straight from process.env (lib/edge/revocations.ts: pushEnabled).
    REVOCATION_PUSH: z.enum(["on", "off"], { error: "REVOCATION_PUSH must be on or off" }).default("on"),
    SIGNUP_MAX_PER_IP: z.coerce.number().int().min(1).max(100_000).default(20),
    // Links in mail are built on it (lib/mail/links.ts); Auth.js reads it too.
    AUTH_URL: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z.url({ protocol: /^https?$/, error: "AUTH_URL must be an http(s) URL" }).optional(),
    ),
    // An empty value counts as unset (as many .env files leave it). The value itself
    // never appears in an error: it holds the SMTP password.
    SMTP_URL: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z.url({ protocol: /^smtps?$/, error: "SMTP_URL must be an smtp:// or smtps:// URL" }).optional(),
    ),
    MAIL_FROM: z
      .string()
      .trim()
      .regex(
        /^([^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/,
        'MAIL_FROM must be an address, e.g. "Hybrid Auth <no-reply@example.com>"',
      )
      .default("Hybrid Auth <no-reply@localhost>"),
    // Outbox: a failed send is retried after MAIL_RETRY_SECONDS, doubling each time, up to MAIL_MAX_ATTEMPTS.
    MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
    MAIL_RETRY_SECONDS: seconds(30),
    MAIL_POLL_SECONDS: seconds(10),
    // On SIGTERM/SIGINT our server waits this long for requests in flight, then cuts them off.
    SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(0).max(3600).default(10),
    // Behind a load balancer: on SIGTERM keep serving this long with readiness failing, so the
    // balancer's health check takes the instance out before it stops accepting connections.
    SHUTDOWN_DRAIN_SECONDS: z.coerce.number().min(0).max(300).default(0),
    // Links by mail (verification, reset, change of address): per recipient and per client IP, an hour.
    MAIL_LINKS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).max(1000).default(3),
    MAIL_LINKS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(20),
    // Off: sign-up signs in at once and says when an address is taken. On: no enumeration, no sign-in before the link.
    REQUIRE_EMAIL_VERIFICATION: z
      .enum(["true", "false", ""])
      .optional()
      .transform((v) => v === "true"),
    // Sign-in providers (lib/auth/providers.ts): each one is offered when its ID and
    // secret are set. The generic OpenID Connect one also needs its issuer URL.
    AUTH_OIDC_ISSUER: optionalText.pipe(
      z.url({ protocol: /^https?$/, error: "AUTH_OIDC_ISSUER must be an http(s) URL" }).optional(),
    ),
    AUTH_OIDC_ID: optionalText,
    AUTH_OIDC_SECRET: optionalText,
    AUTH_OIDC_NAME: optionalText.transform((v) => v ?? "OpenID Connect"),
    // Retention (lib/retention): how often each instance sweeps, and how long the audit log is kept.
    RETENTION_SWEEP_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
    AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(400),
    // The API layer (lib/api): access tokens (signed JWTs) for CLIs, apps and services.
    API_ACCESS_TOKEN_TTL_SECONDS: seconds(300).refine(
      (v) => v <= 900,
      "API_ACCESS_TOKEN_TTL_SECONDS may be at most 900",
    ),
    // A new signing key every period; each is published one period before it signs and one after.
    API_SIGNING_KEY_ROTATION_SECONDS: seconds(24 * 3600).refine(
      (v) => v >= 900,
      "API_SIGNING_KEY_ROTATION_SECONDS must be at least 900 (the longest access-token lifetime)",
    ),
    // A rotated refresh token presented again within this many seconds gets the same successor.
    API_REFRESH_REUSE_SECONDS: z.coerce.number().int().min(0).max(60).default(10),
    // RFC 8628: how long a device and user code stay valid, and the polling interval.
    API_DEVICE_CODE_TTL_SECONDS: z.coerce.number().int().min(60).max(1800).default(600),
    API_DEVICE_POLL_SECONDS: z.coerce.number().int().min(1).max(60).default(5),
    // Extra API clients as JSON (lib/api/clients.ts); the public client "cli" is always there.
    API_CLIENTS: optionalText,
    // The least severe log line written (lib/log).
    LOG_LEVEL: logLevel,
    AUTH_GITHUB_ID: optionalText,
    AUTH_GITHUB_SECRET: optionalText,
    AUTH_GOOGLE_ID: optionalText,
    AUTH_GOOGLE_SECRET: optionalText,
  })
  .refine((c) => Boolean(c.HTTPS_CERT) === Boolean(c.HTTPS_KEY), {
    path: ["HTTPS_KEY"],
    message: "HTTPS_CERT and HTTPS_KEY go together: set both (npm run cert makes a local pair) or neither",
  });

export type AppConfig = z.infer<typeof schema>;

export class ConfigError extends Error {}

let cached: AppConfig | undefined;

/** Throws a ConfigError whose message is one line naming the variable to fix. */
export function config(): AppConfig {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid ${issue?.path.join(".")}: ${issue?.message}`);
  }
  cached = parsed.data;
  return cached;
}

/**
 * LOG_LEVEL alone, for the logger: a start refused for any bad setting (LOG_LEVEL
 * included, which config() rejects) must still be able to log why, so here a bad
 * value falls back to info instead of throwing.
 */
export function logLevelSetting(): z.infer<typeof logLevel> {
  const parsed = logLevel.safeParse(process.env.LOG_LEVEL);
  return parsed.success ? parsed.data : "info";
}

/** The secrets in rotation order: the first encrypts, all decrypt. */
export function authSecrets(): string[] {
  const secrets = config().AUTH_SECRET;
  if (secrets.length === 0)
    throw new ConfigError(
      "AUTH_SECRET is not set: set it to a random string of 32+ characters (openssl rand -base64 32)",
    );
  return secrets;
}
