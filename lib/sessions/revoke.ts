// Ending sessions on request: the owner from "Your devices", an administrator
// from the console. Every ending goes through lib/sessions/store.ts, which
// audits it and tells the edge (revocation feed).
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { endOtherSessions, endSessions } from "./store";

/** One of the user's sessions, found by id and owner, never by token; false if it is gone. */
export async function revokeOwnSession(
  userId: string,
  sessionId: string,
  client: ClientInfo,
): Promise<boolean> {
  const ended = await db.$transaction(async (tx) => {
    const target = await tx.session.findFirst({
      where: { id: sessionId, userId },
      select: { id: true, userId: true },
    });
    if (!target) return 0;
    return endSessions(tx, [target], "revoked", { action: "session.revoked", actorUserId: userId, client });
  });
  return ended > 0;
}

/** A session signing itself out, named by id (an API client's logout); false if it is gone. */
export async function signOutSession(sessionId: string, client: ClientInfo): Promise<boolean> {
  const ended = await db.$transaction(async (tx) => {
    const target = await tx.session.findUnique({
      where: { id: sessionId },
      select: { id: true, userId: true },
    });
    if (!target) return 0;
    return endSessions(tx, [target], "signout", {
      action: "session.signed_out",
      actorUserId: target.userId,
      client,
    });
  });
  return ended > 0;
}

/** Every session of the user but `keepSessionId`; how many ended. */
export function revokeOwnOtherSessions(
  userId: string,
  keepSessionId: string,
  client: ClientInfo,
): Promise<number> {
  return db.$transaction((tx) =>
    endOtherSessions(tx, userId, keepSessionId, "revoked_others", {
      action: "session.revoked",
      actorUserId: userId,
      client,
    }),
  );
}

/** Any user's session, by an administrator; false if it is gone. */
export async function revokeSessionAsAdmin(
  adminId: string,
  sessionId: string,
  client: ClientInfo,
): Promise<boolean> {
  const ended = await db.$transaction(async (tx) => {
    const target = await tx.session.findUnique({
      where: { id: sessionId },
      select: { id: true, userId: true },
    });
    if (!target) return 0;
    return endSessions(tx, [target], "admin", { action: "session.revoked", actorUserId: adminId, client });
  });
  return ended > 0;
}

/**
 * Every session of a user, by an administrator (their own: all but `keepSessionId`);
 * null if the user is gone.
 */
export function revokeUserSessionsAsAdmin(
  adminId: string,
  userId: string,
  keepSessionId: string | null,
  client: ClientInfo,
): Promise<{ email: string; count: number } | null> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true } });
    if (!user) return null;
    // A sign-in whose password check is still running must not survive this.
    await tx.user.update({ where: { id: userId }, data: { credentialsVersion: { increment: 1 } } });
    const count = await endOtherSessions(tx, userId, keepSessionId, "admin", {
      action: "session.revoked",
      actorUserId: adminId,
      client,
    });
    return { email: user.email, count };
  });
}
