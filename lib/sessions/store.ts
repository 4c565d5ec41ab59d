// Session rows: create, look up by token, end. Every ending leaves a
// RevokedSession row (the edge revocation feed) and an audit event, in the same
// transaction as the delete, so the three never disagree.
import type { AuditAction, Impersonator } from "@/lib/audit";
import { audit } from "@/lib/audit";
import { type DbTx, db } from "@/lib/db/client";
import { preparedRead } from "@/lib/db/prepared-read";
import { inTransaction } from "@/lib/db/transaction";
import type { ClientInfo } from "@/lib/http/client-info";
import { countRevocations } from "@/lib/metrics/events";
import { isLocked, type LockState } from "@/lib/users/lock";
import { CUTOFF_ID, type CutoffColumns, endedByCutoff } from "./end-all";
import { absoluteExpiry, activityDue, idleCutoff, sessionState } from "./policy";
import { announceRevocation } from "./revocation-signal";
import { hashSessionToken } from "./token";

export type EndReason =
  | "signout"
  | "revoked"
  | "revoked_others"
  | "password_change"
  | "password_reset"
  | "email_change"
  | "not_me"
  | "account_locked"
  | "admin"
  | "expired"
  | "idle"
  | "replaced"
  | "session_cap"
  | "user_deleted"
  | "impersonation_ended"
  | "refresh_reuse";

export type SessionUser = {
  id: string;
  email: string;
  name: string | null;
  role: string;
  /** Read for Auth.js's AdapterUser (getSessionAndUser); pages do not use them. */
  emailVerified: Date | null;
  image: string | null;
};
export type ActiveSession = {
  id: string;
  userId: string;
  expires: Date;
  createdAt: Date;
  lastActiveAt: Date;
  /** When the user last proved who they are on this session, and how (RFC 8176 values). */
  authTime: Date;
  amr: string[];
  /** Set when the session is bound to a key on the device (lib/dbsc). */
  boundAt: Date | null;
  user: SessionUser;
  /** The administrator who started this session as the user ("Sign in as user"), if one did. */
  impersonator: Impersonator | null;
};

export type NewSession = {
  sessionToken: string;
  userId: string;
  expires?: Date;
  client?: ClientInfo | null;
  /** "password", "passkey" or an Auth.js provider id; the column defaults to "password". */
  signInMethod?: string;
  /** How the user proved who they are, e.g. ["pwd"]. */
  amr?: string[];
  /** The administrator starting this session as the user (lib/impersonation). */
  impersonatorId?: string;
  /** An API client's session (lib/api): the client, and the key its tokens are bound to. */
  clientId?: string;
  dpopJkt?: string | null;
  /** When the user proved who they are, if not now (a device approved a moment ago). */
  authTime?: Date;
};

/** Stores a session for a raw cookie token; only the token's hash reaches the database. */
export function insertSession(tx: DbTx, s: NewSession) {
  return tx.session.create({
    data: {
      sessionToken: hashSessionToken(s.sessionToken),
      userId: s.userId,
      expires: s.expires ?? absoluteExpiry(),
      userAgent: s.client?.userAgent ?? null,
      ip: s.client?.ip ?? null,
      deviceLabel: s.client?.deviceLabel ?? null,
      signInMethod: s.signInMethod,
      amr: (s.amr ?? []).join(" "),
      impersonatorId: s.impersonatorId ?? null,
      clientId: s.clientId ?? null,
      dpopJkt: s.dpopJkt ?? null,
      authTime: s.authTime,
    },
  });
}

type SessionRow = Omit<ActiveSession, "user" | "amr" | "impersonator"> &
  Omit<SessionUser, "id"> &
  LockState &
  Partial<CutoffColumns> & {
    amr: string;
    impersonatorId: string | null;
    impersonatorEmail: string | null;
    impersonatorRole: string | null;
  };

/**
 * One indexed query with the user joined, prepared once: every protected request
 * runs it. The one-row "end every session" cutoff rides along (a primary-key
 * lookup), so a session it ended is refused before its batch reaches it.
 */
const selectSessionByHash = preparedRead<SessionRow>(
  "session-by-token-hash-v3",
  `SELECT s."id", s."userId", s."expires", s."createdAt", s."lastActiveAt", s."authTime", s."amr", s."boundAt",
          s."impersonatorId", u."email", u."name", u."role", u."lockedAt", u."lockedUntil", u."emailVerified",
          u."image", i."email" AS "impersonatorEmail", i."role" AS "impersonatorRole",
          c."notBefore" AS "cutoffAt", c."keepSessionId" AS "cutoffKeeps"
   FROM "Session" s JOIN "User" u ON u."id" = s."userId"
   LEFT JOIN "User" i ON i."id" = s."impersonatorId"
   LEFT JOIN "SessionCutoff" c ON c."id" = 'global'
   WHERE s."sessionToken" = $1`,
);

/** The same row through a transaction client, which must see its own uncommitted writes (or by id). */
async function sessionRowIn(
  tx: DbTx,
  where: { sessionToken: string } | { id: string },
): Promise<SessionRow | undefined> {
  const found = await tx.session.findUnique({
    where,
    select: {
      id: true,
      userId: true,
      expires: true,
      createdAt: true,
      lastActiveAt: true,
      authTime: true,
      amr: true,
      boundAt: true,
      impersonatorId: true,
      user: {
        select: {
          email: true,
          name: true,
          role: true,
          lockedAt: true,
          lockedUntil: true,
          emailVerified: true,
          image: true,
        },
      },
      impersonator: { select: { email: true, role: true } },
    },
  });
  if (!found) return undefined;
  const cutoff = await tx.sessionCutoff.findUnique({ where: { id: CUTOFF_ID } });
  const { user, impersonator, ...session } = found;
  return {
    ...session,
    ...user,
    impersonatorEmail: impersonator?.email ?? null,
    impersonatorRole: impersonator?.role ?? null,
    cutoffAt: cutoff?.notBefore,
    cutoffKeeps: cutoff?.keepSessionId,
  };
}

/**
 * The session a cookie token belongs to, or null. A write only when the session
 * just ran out or its activity is due. On the shared client the read is the
 * prepared statement; a caller's transaction client is read and written through.
 */
export async function findSessionByToken(token: string, client: DbTx = db): Promise<ActiveSession | null> {
  const hash = hashSessionToken(token);
  const row =
    client === db ? await selectSessionByHash(hash) : await sessionRowIn(client, { sessionToken: hash });
  return row ? stillActive(row, client) : null;
}

/** The same checks for a session named by its id: a device-bound session's signed refresh (lib/dbsc). */
export async function findSessionById(id: string): Promise<ActiveSession | null> {
  const row = await sessionRowIn(db, { id });
  return row ? stillActive(row, db) : null;
}

/** The row as a usable session, or null (ending it when it just ran out). */
async function stillActive(row: SessionRow, client: DbTx): Promise<ActiveSession | null> {
  const now = new Date();
  const state = sessionState(row, now);
  if (state !== "active") {
    await inTransaction(client, (tx) => endSessions(tx, [row], state, { action: "session.expired" }));
    return null;
  }
  if (isLocked(row, now) || endedByCutoff(row)) return null;
  // An administrator who lost the role meanwhile cannot go on as the user.
  if (row.impersonatorId && row.impersonatorRole !== "admin") {
    await inTransaction(client, (tx) =>
      endSessions(tx, [row], "impersonation_ended", { action: "impersonation.stopped" }),
    );
    return null;
  }
  let lastActiveAt = row.lastActiveAt;
  if (activityDue(row, now)) {
    // The condition makes concurrent requests write once between them.
    await client.session.updateMany({
      where: { id: row.id, lastActiveAt: row.lastActiveAt },
      data: { lastActiveAt: now },
    });
    lastActiveAt = now;
  }
  const { id, userId, expires, createdAt, authTime, boundAt, email, name, role, emailVerified, image } = row;
  return {
    id,
    userId,
    expires,
    createdAt,
    lastActiveAt,
    authTime,
    amr: row.amr.split(" ").filter(Boolean),
    boundAt,
    user: { id: userId, email, name, role, emailVerified, image },
    impersonator:
      row.impersonatorId && row.impersonatorEmail
        ? { id: row.impersonatorId, email: row.impersonatorEmail }
        : null,
  };
}

type EndAudit = { action: AuditAction; actorUserId?: string | null; client?: ClientInfo | null };

/**
 * Deletes the sessions, records each revocation for the edge feed and audits it.
 * Idempotent under concurrency: each row is deleted on its own and only a delete
 * that found its row goes on to record and audit, so a session ended by several
 * requests at once leaves one revocation and one event. Returns how many this
 * call ended.
 */
export async function endSessions(
  tx: DbTx,
  sessions: { id: string; userId: string }[],
  reason: EndReason,
  event: EndAudit,
): Promise<number> {
  const ended: { id: string; userId: string }[] = [];
  for (const s of sessions) {
    // On PostgreSQL a concurrent delete of the same row waits for ours to commit, then counts 0.
    const { count } = await tx.session.deleteMany({ where: { id: s.id } });
    if (count === 1) ended.push(s);
  }
  if (ended.length === 0) return 0;
  const revokedAt = new Date();
  await tx.revokedSession.createMany({
    data: ended.map((s) => ({ sessionId: s.id, userId: s.userId, reason, revokedAt })),
  });
  // The edge's held feed request answers at commit instead of at its next poll.
  await announceRevocation(tx);
  countRevocations(reason, ended.length);
  for (const s of ended) {
    await audit(tx, {
      action: event.action,
      actorUserId: event.actorUserId,
      targetUserId: s.userId,
      sessionId: s.id,
      client: event.client,
      details: { reason },
    });
  }
  return ended.length;
}

/**
 * Before a user gets a new session: ends their sessions that ran out, then, if
 * they still hold `max - 1` or more, the least recently active ones, so that the
 * new one makes at most `max`. An administrator's session as the user is not the
 * user's and does not count (nor is it ended to make room).
 */
export async function makeRoomForSession(
  tx: DbTx,
  userId: string,
  max: number,
  event: EndAudit,
): Promise<void> {
  const now = new Date();
  const sessions = await tx.session.findMany({
    where: { userId, impersonatorId: null },
    orderBy: { lastActiveAt: "desc" },
    select: {
      id: true,
      userId: true,
      expires: true,
      lastActiveAt: true,
      createdAt: true,
      impersonatorId: true,
    },
  });
  const stale = sessions.filter((s) => sessionState(s, now) !== "active");
  const live = sessions.filter((s) => sessionState(s, now) === "active");
  for (const reason of ["expired", "idle"] as const) {
    const ended = stale.filter((s) => sessionState(s, now) === reason);
    await endSessions(tx, ended, reason, { ...event, action: "session.expired" });
  }
  await endSessions(tx, live.slice(Math.max(0, max - 1)), "session_cap", event);
}

/** sessionState()'s "active" (not expired, not idle) as a where-clause, for the lists of sessions. */
export function activeSessionWhere() {
  const now = new Date();
  return { expires: { gt: now }, lastActiveAt: { gt: idleCutoff(now) } };
}

/** How many sessions are still valid, across users: two indexed conditions, for the metrics scrape. */
export function countActiveSessions(): Promise<number> {
  return db.session.count({ where: activeSessionWhere() });
}

/** A user's sessions that are still valid, most recently active first. */
export function listActiveSessions(userId: string) {
  return db.session.findMany({
    where: { userId, ...activeSessionWhere() },
    orderBy: { lastActiveAt: "desc" },
    select: {
      id: true,
      deviceLabel: true,
      ip: true,
      createdAt: true,
      lastActiveAt: true,
      userAgent: true,
      signInMethod: true,
      amr: true,
      boundAt: true,
      clientId: true,
      dpopJkt: true,
      impersonator: { select: { email: true } },
    },
  });
}

/**
 * Ends every session of a user except `keepSessionId`, and every session they
 * started as another user ("Sign in as user"): whoever holds one of theirs
 * must not keep going as someone else.
 */
export async function endOtherSessions(
  tx: DbTx,
  userId: string,
  keepSessionId: string | null,
  reason: EndReason,
  event: EndAudit,
): Promise<number> {
  const others = await tx.session.findMany({
    where: {
      OR: [{ userId }, { impersonatorId: userId }],
      ...(keepSessionId ? { id: { not: keepSessionId } } : {}),
    },
    select: { id: true, userId: true },
  });
  return endSessions(tx, others, reason, event);
}
