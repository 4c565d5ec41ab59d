// What people are told while the database is unreachable. No imports: the error
// boundary (a client component) reads the digest from here too.

/**
 * The digest of the error a page throws when the database cannot be reached.
 * Next keeps an error's own digest when it strips the message in production,
 * so the error boundary can tell an outage from a bug.
 */
export const DATABASE_UNAVAILABLE_DIGEST = "HYBRID_AUTH_DATABASE_UNAVAILABLE";

/** Sent as Retry-After with every 503 an outage causes. */
export const RETRY_AFTER_SECONDS = 30;

export const UNAVAILABLE_MESSAGES = {
  signIn: "We can't sign you in right now. Try again in a minute.",
  signUp: "We can't create your account right now. Try again in a minute.",
  signedIn:
    "We can't do that right now: the service is briefly unavailable. Nothing was changed and you are still signed in. Try again in a minute.",
  generic: "We can't do that right now. Try again in a minute.",
} as const;
