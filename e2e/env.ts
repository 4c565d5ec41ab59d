// The environment of the e2e server and of the test processes (playwright.config.ts
// applies it to both), so fixtures can mint tokens and create users in the very
// database the server uses.
import path from "node:path";

export const E2E_DATABASE_FILE = path.resolve(import.meta.dirname, "../data/e2e.db");

/** Where the e2e server's SMTP sink writes each message it receives (e2e/mail-sink.ts reads them). */
export const E2E_MAIL_DIR = path.resolve(import.meta.dirname, "../data/e2e-mail");

/**
 * The e2e server's log lines (stdout too), and the secrets the fixtures used, one
 * per line: the run ends by searching the one for the other (e2e/secrets-in-log.ts).
 */
export const E2E_SERVER_LOG = path.resolve(
  process.env.E2E_SERVER_LOG ?? path.join(import.meta.dirname, "../.reports/e2e-server.log"),
);
export const E2E_SECRETS_FILE = path.resolve(
  process.env.E2E_SECRETS_FILE ?? path.join(import.meta.dirname, "../.reports/e2e-secrets.txt"),
);

export const E2E_ENV = {
  DATABASE_URL: `file:${E2E_DATABASE_FILE}`,
  AUTH_SECRET: "e2e-secret-0123456789abcdef0123456789abcdef",
  EDGE_TOKEN_TTL_SECONDS: "60",
  TRUSTED_IP_HEADER: "x-forwarded-for",
  // Short lockouts, so the suite can watch one end (production: 15 minutes).
  LOGIN_MAX_FAILURES: "5",
  LOGIN_LOCKOUT_SECONDS: "3",
  // Every device in the suite has an address of its own; the sign-up limit test uses one address 6 times.
  SIGNUP_MAX_PER_IP: "5",
  // Cost 10 keeps hundreds of sign-ins in the suite fast; production defaults to 12.
  BCRYPT_COST: "10",
  // The fixtures' administrators sign in with a password only; e2e/admin-mfa.spec.ts turns it on.
  REQUIRE_ADMIN_MFA: "false",
  // An API client without DPoP beside the built-in "cli", so tests can send plain Bearer tokens.
  API_CLIENTS: '[{"id":"e2e-app","name":"E2E app","dpop":false}]',
} as const;
