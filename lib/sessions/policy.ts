// When a session row stops being valid, and when its activity is worth writing.
// Pure functions of the row and the clock, so the rules are tested without a server.
import { config } from "@/lib/config/env";

type Times = { expires: Date; lastActiveAt: Date; createdAt: Date; impersonatorId: string | null };

export type SessionState = "active" | "expired" | "idle";

/** "Sign in as user" lasts at most this long from its start (issue 18: 60 minutes absolute). */
export const IMPERSONATION_MAX_AGE_SECONDS = 60 * 60;

export function sessionState(s: Times, now = new Date()): SessionState {
  if (s.expires.getTime() <= now.getTime()) return "expired";
  // Checked from the start time too, not only the stored expiry: however the row
  // was written, an administrator's session as a user cannot outlive the limit.
  if (s.impersonatorId && s.createdAt.getTime() + IMPERSONATION_MAX_AGE_SECONDS * 1000 <= now.getTime())
    return "expired";
  if (s.lastActiveAt.getTime() + config().SESSION_IDLE_TIMEOUT_SECONDS * 1000 <= now.getTime()) return "idle";
  return "active";
}

/** lastActiveAt is rewritten at most once per SESSION_ACTIVITY_UPDATE_SECONDS. */
export function activityDue(s: Pick<Times, "lastActiveAt">, now = new Date()): boolean {
  return now.getTime() - s.lastActiveAt.getTime() >= config().SESSION_ACTIVITY_UPDATE_SECONDS * 1000;
}

export function absoluteExpiry(now = new Date()): Date {
  return new Date(now.getTime() + config().SESSION_MAX_AGE_SECONDS * 1000);
}

export function impersonationExpiry(now = new Date()): Date {
  return new Date(now.getTime() + IMPERSONATION_MAX_AGE_SECONDS * 1000);
}

/** Rows older than this cannot be active whatever their expiry; used to filter lists in SQL. */
export function idleCutoff(now = new Date()): Date {
  return new Date(now.getTime() - config().SESSION_IDLE_TIMEOUT_SECONDS * 1000);
}
