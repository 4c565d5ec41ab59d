// Password sign-in and sign-up, ending in an ordinary Auth.js database session.
import { headers } from "next/headers";
import { audit } from "@/lib/audit";
import { db } from "@/lib/db/client";
import { type ClientInfo, clientInfo } from "@/lib/http/client-info";
import { countRefusal, takeSignUp } from "@/lib/security/login-throttle";
import { beginSession } from "@/lib/sessions/begin";
import { absoluteExpiry } from "@/lib/sessions/policy";
import { endSessions } from "@/lib/sessions/store";
import { hashSessionToken, newSessionToken } from "@/lib/sessions/token";
import { inMinutes } from "@/lib/ui/format";
import { BUSY_MESSAGE, checkPassword, refusalMessage } from "./check-password";
import { readSessionCookie, setEdgeCookie, setSessionCookie } from "./credentials";
import { HashingBusyError } from "./hash-pool";
import { hashPassword } from "./password";

export const WRONG_CREDENTIALS = "The email or password is incorrect.";

export type SignInResult = { ok: true } | { ok: false; error: string };

/** The user as the password was checked against: `credentialsVersion` must still be current. */
type VerifiedUser = { id: string; role: string; credentialsVersion: number };

/**
 * Stores a new session with a new token for `user`, unless the user's
 * credentials changed (or the account was locked) since the password was
 * checked: then nothing is written and it returns null. The conditional update
 * comes first, so it holds the user's row until the session exists: a password
 * change committing meanwhile either waits for it and then ends it, or makes it
 * fail. The session the browser presented before (`previousToken`) is ended, so
 * a token planted before sign-in never becomes valid.
 */
export async function openSession(user: VerifiedUser, client: ClientInfo, previousToken?: string) {
  const token = newSessionToken();
  return db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: user.id, credentialsVersion: user.credentialsVersion, lockedAt: null },
      data: { credentialsVersion: user.credentialsVersion },
    });
    if (count === 0) return null;
    if (previousToken) {
      const old = await tx.session.findUnique({ where: { sessionToken: hashSessionToken(previousToken) } });
      if (old)
        await endSessions(tx, [old], "replaced", {
          action: "session.signed_out",
          actorUserId: old.userId,
          client,
        });
    }
    const created = await beginSession(tx, {
      sessionToken: token,
      userId: user.id,
      expires: absoluteExpiry(),
      client,
      signInMethod: "password",
    });
    return { id: created.id, expires: created.expires, token };
  });
}

/** openSession, then the two cookies. False when the credentials changed meanwhile. */
async function startSession(user: VerifiedUser, client: ClientInfo): Promise<boolean> {
  const session = await openSession(user, client, await readSessionCookie());
  if (!session) return false;
  await setSessionCookie(session.token, session.expires);
  await setEdgeCookie({ sub: user.id, sid: session.id, role: user.role });
  return true;
}

export async function signInWithPassword(email: string, password: string): Promise<SignInResult> {
  const client = clientInfo(await headers());
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, role: true, passwordHash: true, lockedAt: true, credentialsVersion: true },
  });
  // A locked account is checked against the dummy hash: it fails like a wrong password.
  const check = await checkPassword({
    key: email,
    client,
    password,
    hash: user?.lockedAt ? null : user?.passwordHash,
    userId: user?.id,
  });
  if (check.ok && user && (await startSession(user, client))) return { ok: true };
  // Refusals before any check (throttled, busy) are counted by checkPassword instead.
  if (check.ok || check.reason === "wrong") {
    const reason = !user
      ? "unknown_email"
      : user.lockedAt
        ? "locked"
        : check.ok
          ? "credentials_changed"
          : "wrong_password";
    await audit(db, { action: "login.failed", targetUserId: user?.id, client, details: { reason } });
  }
  return { ok: false, error: check.ok ? WRONG_CREDENTIALS : refusalMessage(check, WRONG_CREDENTIALS) };
}

export async function signUp(input: {
  name: string;
  email: string;
  password: string;
}): Promise<SignInResult> {
  const client = clientInfo(await headers());
  const wait = await takeSignUp(client.ip);
  if (wait > 0) {
    const refused = await countRefusal(`signup:${client.ip}`, wait);
    if (refused > 0) await audit(db, { action: "signup.throttled", client, details: { refused } });
    return { ok: false, error: `Too many new accounts from your network. Try again in ${inMinutes(wait)}.` };
  }
  const taken = "An account with this email already exists. Sign in instead.";
  // Checked before hashing, so a taken address costs no bcrypt time; the unique index still decides races.
  if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } }))
    return { ok: false, error: taken };
  let passwordHash: string;
  try {
    passwordHash = await hashPassword(input.password);
  } catch (err) {
    if (err instanceof HashingBusyError) return { ok: false, error: BUSY_MESSAGE };
    throw err;
  }
  const user = await db
    .$transaction(async (tx) => {
      const created = await tx.user.create({
        data: { name: input.name, email: input.email, passwordHash },
        select: { id: true, role: true, credentialsVersion: true },
      });
      await audit(tx, { action: "user.created", actorUserId: created.id, targetUserId: created.id, client });
      return created;
    })
    .catch((err: unknown) => {
      if ((err as { code?: string }).code === "P2002") return null;
      throw err;
    });
  if (!user) return { ok: false, error: taken };
  await startSession(user, client);
  return { ok: true };
}
