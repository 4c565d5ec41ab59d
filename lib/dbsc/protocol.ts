// Device Bound Session Credentials (W3C webappsec-dbsc): the names and header
// shapes of the exchange, as Chromium performs it (../shared/design/dbsc.md).

/** Where the browser posts its new public key, and where it proves it still holds it. */
export const REGISTRATION_PATH = "/api/session/bind";
export const REFRESH_PATH = "/api/session/refresh";

/** What we accept from the browser; Chromium offers both and picks ES256. */
export const PROOF_ALGORITHMS = ["ES256", "RS256"] as const;

/** A challenge is one of our random tokens (lib/crypto/token.ts): 32 bytes, base64url. */
const CHALLENGE_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function isChallenge(value: string | undefined): value is string {
  return typeof value === "string" && CHALLENGE_SHAPE.test(value);
}

/** The registration offer; the older name is still read by Chromium 156, the new one is the standard. */
export function registrationHeaders(challenge: string): Record<string, string> {
  const value = `(${PROOF_ALGORITHMS.join(" ")});path="${REGISTRATION_PATH}";challenge="${challenge}"`;
  return { "secure-session-registration": value, "sec-session-registration": value };
}

/** The refresh route's 403: sign this and send it again. */
export function challengeHeader(challenge: string, sessionId: string): string {
  return `"${challenge}";id="${sessionId}"`;
}
