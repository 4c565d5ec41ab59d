// What the admin pages read. Each is one bounded, indexed query.
import { db } from "@/lib/db/client";
import { activeSessionWhere } from "@/lib/sessions/store";
import { isLocked } from "@/lib/users/lock";
import { type PageRequest, pageQuery, toPage } from "./cursor";

export const PAGE_SIZE = 50;

/** How many accounts an email filter may match; the pages say when more match. */
export const FILTER_MAX_USERS = 100;

/** All active sessions, most recently active first, optionally of the accounts whose email contains `email`. */
export async function listAllSessions(page: PageRequest, email?: string) {
  const { where, orderBy } = pageQuery("lastActiveAt", page);
  // Resolving the filter to user ids first lets the (userId, lastActiveAt) index do the rest.
  const match = email ? await matchingUserIds(email) : undefined;
  const rows = await db.session.findMany({
    where: {
      AND: [where, activeSessionWhere(), match ? { userId: { in: match.ids } } : {}],
    },
    orderBy,
    take: PAGE_SIZE + 1,
    select: {
      id: true,
      deviceLabel: true,
      ip: true,
      createdAt: true,
      lastActiveAt: true,
      signInMethod: true,
      boundAt: true,
      user: { select: { id: true, email: true } },
      impersonator: { select: { email: true } },
    },
  });
  return {
    ...toPage(rows, PAGE_SIZE, page, (r) => r.lastActiveAt),
    tooManyAccounts: match?.truncated ?? false,
  };
}

/**
 * Accounts whose email contains the filter, with or without sessions: a locked
 * user must stay findable. `lock` is set only while the lock holds (a timed one
 * that has passed reads as unlocked), with who locked it.
 */
export async function findAccounts(email: string) {
  const users = await db.user.findMany({
    where: { email: { contains: email } },
    orderBy: { email: "asc" },
    take: 10,
    select: {
      id: true,
      email: true,
      role: true,
      lockedAt: true,
      lockedUntil: true,
      lockedReason: true,
      lockedById: true,
      _count: { select: { sessions: true } },
    },
  });
  const now = new Date();
  const lockerIds = users.flatMap((u) => (u.lockedById && isLocked(u, now) ? [u.lockedById] : []));
  const lockers = new Map(
    (await db.user.findMany({ where: { id: { in: lockerIds } }, select: { id: true, email: true } })).map(
      (u) => [u.id, u.email],
    ),
  );
  return users.map(({ lockedAt, lockedUntil, lockedReason, lockedById, ...u }) => ({
    ...u,
    lock:
      lockedAt && isLocked({ lockedAt, lockedUntil }, now)
        ? {
            at: lockedAt,
            until: lockedUntil,
            reason: lockedReason,
            by: lockedById ? (lockers.get(lockedById) ?? "a deleted administrator") : null,
          }
        : null,
  }));
}

async function matchingUserIds(email: string) {
  const users = await db.user.findMany({
    where: { email: { contains: email } },
    orderBy: { email: "asc" },
    select: { id: true },
    take: FILTER_MAX_USERS + 1,
  });
  return {
    ids: users.slice(0, FILTER_MAX_USERS).map((u) => u.id),
    truncated: users.length > FILTER_MAX_USERS,
  };
}

export async function listAuditEvents(page: PageRequest, filter: { email?: string; action?: string }) {
  const match = filter.email ? await matchingUserIds(filter.email) : undefined;
  const { where, orderBy } = pageQuery("createdAt", page);
  const rows = await db.auditEvent.findMany({
    where: {
      AND: [
        where,
        filter.action ? { action: filter.action } : {},
        match ? { OR: [{ targetUserId: { in: match.ids } }, { actorUserId: { in: match.ids } }] } : {},
      ],
    },
    orderBy,
    take: PAGE_SIZE + 1,
  });
  const ids = [
    ...new Set(rows.flatMap((r) => [r.actorUserId, r.targetUserId]).filter((id): id is string => !!id)),
  ];
  const emails = new Map(
    (await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } })).map((u) => [
      u.id,
      u.email,
    ]),
  );
  return {
    ...toPage(rows, PAGE_SIZE, page, (r) => r.createdAt),
    emails,
    tooManyAccounts: match?.truncated ?? false,
  };
}

export const MAIL_STATUSES = ["queued", "sending", "sent", "failed", "mailbox"] as const;

/** The outbox, newest first; never the bodies (they hold working links while queued). */
export async function listMail(page: PageRequest, status?: (typeof MAIL_STATUSES)[number]) {
  const { where, orderBy } = pageQuery("createdAt", page);
  const rows = await db.mailMessage.findMany({
    where: { AND: [where, status ? { status } : {}] },
    orderBy,
    take: PAGE_SIZE + 1,
    select: {
      id: true,
      kind: true,
      to: true,
      subject: true,
      status: true,
      attempts: true,
      lastError: true,
      createdAt: true,
      sentAt: true,
    },
  });
  return toPage(rows, PAGE_SIZE, page, (r) => r.createdAt);
}
