// Account locks. A lock may have an end: it lifts itself at that time because
// every check compares `lockedUntil` with the clock when it reads the row, so no
// job has to run (and a stopped server cannot leave anyone locked out for longer).
import { formatTime } from "@/lib/ui/format";

export type LockState = { lockedAt: Date | null; lockedUntil: Date | null };

export function isLocked(user: LockState, now = new Date()): boolean {
  return user.lockedAt !== null && (user.lockedUntil === null || user.lockedUntil > now);
}

/** The Prisma `where` for "not locked right now", for conditional writes that must not race a lock. */
export function notLockedWhere(now = new Date()) {
  return { OR: [{ lockedAt: null }, { lockedUntil: { lte: now } }] };
}

/** What a locked user reads once their password has been proven (never before: that would reveal the lock). */
export function lockedMessage(lockedUntil: Date | null): string {
  return lockedUntil
    ? `This account is locked until ${formatTime(lockedUntil)}. Contact your administrator if you need it sooner.`
    : "This account is locked. Contact your administrator to have it unlocked.";
}
