// Deleting an account, by its owner or by an administrator: one transaction in
// which the sessions end (through endSessions, so the edge revocation feed learns
// each one), every row about the person goes, the audit trail loses what would
// identify them, and the last notice is queued. Either all of it commits or none.
import { audit } from "@/lib/audit";
import { type DbTx, db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { enqueueMail } from "@/lib/mail/outbox";
import { accountDeletedMail } from "@/lib/mail/templates";
import { activeSessionWhere, endSessions } from "@/lib/sessions/store";

export type Deleter = { by: "owner" } | { by: "admin"; adminId: string; reason: string; client: ClientInfo };

export type DeleteOutcome =
  | { ok: true; email: string }
  | { ok: false; problem: "missing" | "last_admin" | "impersonating" };

/**
 * Keys of audit details that name a person rather than say what happened
 * (lib/audit.ts callers: the address typed or changed, an administrator's
 * address, a provider's account id, a passkey's name).
 */
const PERSONAL_DETAILS = new Set(["email", "from", "to", "impersonatorEmail", "providerAccountId", "name"]);

type Details = Record<string, string | number | boolean | null>;

/** What an audit row's details keep once the person is gone: the facts, not who or where. */
export function scrubDetails(details: unknown): Details | null {
  if (!details || typeof details !== "object" || Array.isArray(details)) return null;
  const kept = Object.entries(details as Details).filter(
    ([key, value]) => !PERSONAL_DETAILS.has(key) && !(typeof value === "string" && value.includes("@")),
  );
  return Object.fromEntries(kept);
}

/**
 * Scrubs every audit row the user's data reached: those naming them (as actor or
 * target) and those written on their sessions (an administrator's events while
 * signed in as someone else carry the administrator's address and IP).
 */
async function scrubAuditTrail(tx: DbTx, userId: string): Promise<void> {
  const named = [{ actorUserId: userId }, { targetUserId: userId }];
  const ended = await tx.revokedSession.findMany({ where: { userId }, select: { sessionId: true } });
  const rows = await tx.auditEvent.findMany({ where: { OR: named }, select: { sessionId: true } });
  const sessionIds = [...new Set([...ended, ...rows].flatMap((r) => (r.sessionId ? [r.sessionId] : [])))];
  const where = { OR: [...named, { sessionId: { in: sessionIds } }] };
  await tx.auditEvent.updateMany({ where, data: { ip: null, userAgent: null } });
  for (const row of await tx.auditEvent.findMany({ where, select: { id: true, details: true } })) {
    const scrubbed = scrubDetails(row.details);
    if (scrubbed && JSON.stringify(scrubbed) !== JSON.stringify(row.details))
      await tx.auditEvent.update({ where: { id: row.id }, data: { details: scrubbed } });
  }
}

/**
 * Refuses the last administrator. The no-op update holds every administrator's
 * row until this transaction ends, so two administrators deleting each other at
 * once cannot both pass the count.
 */
async function isLastAdmin(tx: DbTx): Promise<boolean> {
  await tx.user.updateMany({ where: { role: "admin" }, data: { role: "admin" } });
  return (await tx.user.count({ where: { role: "admin" } })) <= 1;
}

export function deleteAccount(userId: string, deleter: Deleter): Promise<DeleteOutcome> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: { email: true, name: true, role: true },
    });
    if (!user) return { ok: false, problem: "missing" } as const;
    if (user.role === "admin" && (await isLastAdmin(tx)))
      return { ok: false, problem: "last_admin" } as const;
    if (deleter.by === "admin") {
      const impersonating = await tx.session.count({
        where: { userId, impersonatorId: deleter.adminId, ...activeSessionWhere() },
      });
      if (impersonating > 0) return { ok: false, problem: "impersonating" } as const;
    }
    // Holds the user's row from here: a sign-in whose password was checked before
    // (lib/auth/sign-in.ts openSession) either committed its session already, and
    // it is found below, or waits and then finds a changed version (or no user).
    await tx.user.update({ where: { id: userId }, data: { credentialsVersion: { increment: 1 } } });
    const actorUserId = deleter.by === "admin" ? deleter.adminId : userId;
    const client = deleter.by === "admin" ? deleter.client : null;
    // Before the sessions end: the events that ending writes are the deleter's, kept as written.
    await scrubAuditTrail(tx, userId);
    // Their sessions, and those they had started as other users.
    const sessions = await tx.session.findMany({
      where: { OR: [{ userId }, { impersonatorId: userId }] },
      select: { id: true, userId: true },
    });
    await endSessions(tx, sessions, "user_deleted", { action: "session.revoked", actorUserId, client });

    // Addresses this person used or was sent links at: their mail and throttle counters go too,
    // unless the address is another account's (a change of address asked for one that was taken).
    const links = await tx.linkToken.findMany({ where: { userId }, select: { email: true } });
    const others = await tx.user.findMany({
      where: { email: { in: links.map((l) => l.email) }, NOT: { id: userId } },
      select: { email: true },
    });
    const taken = new Set(others.map((o) => o.email));
    const addresses = [...new Set([user.email, ...links.map((l) => l.email)])].filter((a) => !taken.has(a));
    await tx.mailMessage.deleteMany({ where: { to: { in: addresses } } });
    await tx.rateLimiterFlexible.deleteMany({
      where: { OR: addresses.map((a) => ({ key: { endsWith: `:${a}` } })) },
    });
    await tx.verificationToken.deleteMany({ where: { identifier: { in: addresses } } });
    // Rows that name the user without a foreign key (they outlive nothing but this).
    await tx.pendingSignIn.deleteMany({ where: { userId } });
    await tx.webAuthnChallenge.deleteMany({ where: { userId } });
    // Provider accounts, passkeys, recovery codes, known devices and mail links go by cascade.
    await tx.user.delete({ where: { id: userId } });

    await audit(tx, {
      action: "user.deleted",
      actorUserId,
      targetUserId: userId,
      client,
      details: deleter.by === "admin" ? { by: "admin", reason: deleter.reason } : { by: "owner" },
    });
    // Written after the user's mail was removed: the notice is the one message that stays.
    await enqueueMail(tx, accountDeletedMail(user, new Date(), deleter.by));
    return { ok: true, email: user.email } as const;
  });
}
