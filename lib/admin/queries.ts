// What the admin pages read. Each is one bounded, indexed query.
import { db } from "@/lib/db/client";
import { idleCutoff } from "@/lib/sessions/policy";
import { type PageRequest, pageQuery, toPage } from "./cursor";

export const PAGE_SIZE = 50;

/** All active sessions, most recently active first, optionally for emails containing `email`. */
export async function listAllSessions(page: PageRequest, email?: string) {
  const now = new Date();
  const { where, orderBy } = pageQuery("lastActiveAt", page);
  const rows = await db.session.findMany({
    where: {
      AND: [
        where,
        { expires: { gt: now }, lastActiveAt: { gt: idleCutoff(now) } },
        email ? { user: { email: { contains: email } } } : {},
      ],
    },
    orderBy,
    take: PAGE_SIZE + 1,
    select: {
      id: true,
      deviceLabel: true,
      ip: true,
      createdAt: true,
      lastActiveAt: true,
      user: { select: { id: true, email: true } },
    },
  });
  return toPage(rows, PAGE_SIZE, page, (r) => r.lastActiveAt);
}

/** Accounts whose email contains the filter, with or without sessions: a locked user must stay findable. */
export function findAccounts(email: string) {
  return db.user.findMany({
    where: { email: { contains: email } },
    orderBy: { email: "asc" },
    take: 10,
    select: { id: true, email: true, role: true, lockedAt: true, _count: { select: { sessions: true } } },
  });
}

export async function listAuditEvents(page: PageRequest, filter: { email?: string; action?: string }) {
  const userIds = filter.email
    ? (
        await db.user.findMany({
          where: { email: { contains: filter.email } },
          select: { id: true },
          take: 100,
        })
      ).map((u) => u.id)
    : undefined;
  const { where, orderBy } = pageQuery("createdAt", page);
  const rows = await db.auditEvent.findMany({
    where: {
      AND: [
        where,
        filter.action ? { action: filter.action } : {},
        userIds ? { OR: [{ targetUserId: { in: userIds } }, { actorUserId: { in: userIds } }] } : {},
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
  return { ...toPage(rows, PAGE_SIZE, page, (r) => r.createdAt), emails };
}
