// Password sign-in and sign-up, ending in an ordinary Auth.js database session.
import { headers } from "next/headers";
import { audit } from "@/lib/audit";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { clientInfo } from "@/lib/http/client-info";
import { recordFailure, recordSuccess, retryAfter } from "@/lib/security/login-throttle";
import { absoluteExpiry } from "@/lib/sessions/policy";
import { endSessions, makeRoomForSession } from "@/lib/sessions/store";
import { hashSessionToken, newSessionToken } from "@/lib/sessions/token";
import { hashingAdapter } from "./adapter";
import { readSessionCookie, setEdgeCookie, setSessionCookie } from "./credentials";
import { hashPassword, verifyPassword } from "./password";

export const WRONG_CREDENTIALS = "The email or password is incorrect.";

export type SignInResult = { ok: true } | { ok: false; error: string };

/**
 * A new session with a new token for `user`: any session the browser presented
 * before is ended first, so a token planted before sign-in never becomes valid.
 */
async function startSession(user: { id: string; role: string }): Promise<void> {
  const client = clientInfo(await headers());
  const previous = await readSessionCookie();
  const token = newSessionToken();
  const session = await db.$transaction(async (tx) => {
    if (previous) {
      const old = await tx.session.findUnique({ where: { sessionToken: hashSessionToken(previous) } });
      if (old)
        await endSessions(tx, [old], "replaced", {
          action: "session.signed_out",
          actorUserId: old.userId,
          client,
        });
    }
    await makeRoomForSession(tx, user.id, config().MAX_SESSIONS_PER_USER, {
      action: "session.revoked",
      client,
    });
    const created = await hashingAdapter(tx).createSession({
      sessionToken: token,
      userId: user.id,
      expires: absoluteExpiry(),
      client,
    });
    await audit(tx, {
      action: "session.created",
      actorUserId: user.id,
      targetUserId: user.id,
      sessionId: created.id,
      client,
    });
    return created;
  });
  await setSessionCookie(token, session.expires);
  await setEdgeCookie({ sub: user.id, sid: session.id, role: user.role });
}

function tryAgainIn(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return `Too many failed sign-in attempts. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
}

export async function signInWithPassword(email: string, password: string): Promise<SignInResult> {
  const client = clientInfo(await headers());
  const wait = await retryAfter(email, client.ip);
  if (wait > 0) {
    await audit(db, { action: "login.failed", client, details: { reason: "throttled", email } });
    return { ok: false, error: tryAgainIn(wait) };
  }
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, role: true, passwordHash: true, lockedAt: true, failedLogins: true },
  });
  // Always pay for one bcrypt comparison, known email or not.
  const valid = await verifyPassword(password, user?.passwordHash);
  if (!user || !valid || user.lockedAt) {
    const reason = !user ? "unknown_email" : user.lockedAt ? "locked" : "wrong_password";
    const lockout = await recordFailure(email, client.ip);
    await db.$transaction(async (tx) => {
      if (user) await tx.user.update({ where: { id: user.id }, data: { failedLogins: { increment: 1 } } });
      await audit(tx, { action: "login.failed", targetUserId: user?.id, client, details: { reason } });
      if (lockout > 0) {
        await audit(tx, {
          action: "account.locked",
          targetUserId: user?.id,
          client,
          details: { reason: "too_many_failures", seconds: lockout, email },
        });
      }
    });
    return { ok: false, error: lockout > 0 ? tryAgainIn(lockout) : WRONG_CREDENTIALS };
  }
  await recordSuccess(email);
  if (user.failedLogins > 0) await db.user.update({ where: { id: user.id }, data: { failedLogins: 0 } });
  await startSession(user);
  return { ok: true };
}

export async function signUp(input: {
  name: string;
  email: string;
  password: string;
}): Promise<SignInResult> {
  const passwordHash = await hashPassword(input.password);
  const client = clientInfo(await headers());
  const user = await db
    .$transaction(async (tx) => {
      const created = await tx.user.create({
        data: { name: input.name, email: input.email, passwordHash },
        select: { id: true, role: true },
      });
      await audit(tx, { action: "user.created", actorUserId: created.id, targetUserId: created.id, client });
      return created;
    })
    // The unique index decides, so two sign-ups racing for one email cannot both win.
    .catch((err: unknown) => {
      if ((err as { code?: string }).code === "P2002") return null;
      throw err;
    });
  if (!user) return { ok: false, error: "An account with this email already exists. Sign in instead." };
  await startSession(user);
  return { ok: true };
}
