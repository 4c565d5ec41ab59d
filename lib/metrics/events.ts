// What the app's own paths tell the metrics, each path through one call: the
// audit log (every sign-in, lockout and step-up already writes an event there,
// whichever way it came in), endSessions (every ended session), the outbox, the
// hashing pool. This folder sits below all of them and imports none of them.
import { metrics } from "./registry";

/** Sign-in methods: ours, the Auth.js providers lib/auth/providers.ts offers, the API's device grant, second factors. */
const SIGN_IN_METHODS = new Set([
  "password",
  "passkey",
  "github",
  "google",
  "oidc",
  "device_code",
  "totp",
  "recovery_code",
]);
/** Step-up proofs, as the audit events name them (RFC 8176 values, or the provider that re-authenticated). */
const STEP_UP_METHODS = new Set(["pwd", "otp", "passkey", "github", "google", "oidc"]);

/** A value from a fixed list, else "other": a label never carries a value nobody listed. */
function known(value: unknown, list: Set<string>): string {
  return typeof value === "string" && list.has(value) ? value : "other";
}

type AuditFacts = { action: string; details?: Record<string, string | number | boolean | null> };

/**
 * Called by audit() for every event. An event written inside a transaction that
 * then rolls back is counted anyway: a counter cannot wait for a commit it cannot
 * see, and those are failures of the write, rare next to the attempts counted.
 */
export function countAuditEvent({ action, details }: AuditFacts): void {
  const m = metrics();
  switch (action) {
    case "session.created":
      m.signIns.inc({ method: known(details?.method, SIGN_IN_METHODS), outcome: "success" });
      return;
    case "login.failed": {
      // A password sign-in's failures name no method; a passkey's says so in its reason, a provider's names it.
      const method = details?.method ?? (details?.reason === "passkey" ? "passkey" : "password");
      m.signIns.inc({ method: known(method, SIGN_IN_METHODS), outcome: "failure" });
      return;
    }
    case "two_factor.failed":
      m.signIns.inc({ method: details?.kind === "otp" ? "totp" : "recovery_code", outcome: "failure" });
      return;
    case "account.locked":
      m.lockouts.inc({ cause: details?.by === "admin" ? "admin" : "failures" });
      return;
    case "session.reauthenticated":
    case "session.reauthentication_failed":
      m.stepUps.inc({
        method: known(details?.method, STEP_UP_METHODS),
        outcome: action === "session.reauthenticated" ? "success" : "failure",
      });
      return;
  }
}

/** `cause` is one of lib/sessions/store.ts's EndReasons (a typed, fixed list), or "ended_all". */
export function countRevocations(cause: string, count: number): void {
  if (count > 0) metrics().revocations.inc({ cause }, count);
}

/** `kind` is a template's name (lib/mail/templates.ts), never anything from the message. */
export function countMailQueued(kind: string): void {
  metrics().mailQueued.inc({ kind });
}

export function countMailDelivery(outcome: "sent" | "retry" | "failed"): void {
  metrics().mailDeliveries.inc({ outcome });
}

/** Both times on the wall clock the hashing threads share (performance.timeOrigin + now()), in ms. */
export function observeHashWait(queuedAt: number, startedAt: number): void {
  metrics().hashWait.observe(Math.max(0, startedAt - queuedAt) / 1000);
}
