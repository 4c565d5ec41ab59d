// When a session row stops being valid, and when its activity is worth writing.
// Pure functions of the row and the clock, so the rules are tested without a server.
import { config } from "@/lib/config/env";

type Times = { expires: Date; lastActiveAt: Date };

export type SessionState = "active" | "expired" | "idle";

export function sessionState(s: Times, now = new Date()): SessionState {
  if (s.expires.getTime() <= now.getTime()) return "expired";
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

/** Rows older than this cannot be active whatever their expiry; used to filter lists in SQL. */
export function idleCutoff(now = new Date()): Date {
  return new Date(now.getTime() - config().SESSION_IDLE_TIMEOUT_SECONDS * 1000);
}
