import { audit } from "@/lib/audit";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/unique";
import type { ClientInfo } from "@/lib/http/client-info";
import { sendMailAfterResponse } from "@/lib/mail/after-response";
import { countRefusal, takeSignUp } from "@/lib/security/login-throttle";
import { beginSession } from "@/lib/sessions/begin";
import { absoluteExpiry } from "@/lib/sessions/policy";
import { endSessions } from "@/lib/sessions/store";
import { hashSessionToken, newSessionToken } from "@/lib/sessions/token";
import { createPendingSignIn, PENDING_TTL_SECONDS } from "@/lib/two-factor/pending";
import { inMinutes } from "@/lib/ui/format";
import { isLocked, lockedMessage, notLockedWhere } from "@/lib/users/lock";
import { SIGN_IN_USER } from "@/lib/users/sign-in-user";
import { isBreachedPassword } from "./breached";
import { checkPassword, hashNewPassword, refusalMessage } from "./check-password";
import {
  readDeviceCookie,
  readSessionCookie,
  setPendingSignInCookie,
  setSessionCookie,
  setSignInCookies,
} from "./credentials";
import {
  queueVerificationMail,
  resendVerification,
  tellOwnerOfSignUpAttempt,
  verificationRequired,
} from "./email-verification";
import { normalizePassword } from "./password-policy";

export const WRONG_CREDENTIALS = "The email or password is incorrect.";

/** "second_factor": the password was right; a pending sign-in waits for the code (lib/two-factor). */
export type SignInResult = { ok: true } | { ok: "second_factor" } | { ok: false; error: string };

/** The user as the password was checked against: `credentialsVersion` must still be current. */
type VerifiedUser = {
  id: string;
  email: string;
  name: string | null;
  role: string;
  credentialsVersion: number;
};

/** What the browser presented: its old session token (ended) and its device id (for new-sign-in alerts). */
type Presented = { previousToken?: string; deviceId?: string };

/** How the user proved who they are: the session's sign-in method and its RFC 8176 methods. */
export type Proof = { signInMethod: "password" | "passkey"; amr: string[] };

const PASSWORD: Proof = { signInMethod: "password", amr: ["pwd"] };

/**
 * Stores a new session with a new token for `user`, unless the user's
 * credentials changed (or the account was locked) since the password was
 * checked: then nothing is written and it returns null. The conditional update
 * comes first, so it holds the user's row until the session exists: a password
 * change committing meanwhile either waits for it and then ends it, or makes it
 * fail. The session the browser presented before (`previousToken`) is ended, so
 * a token planted before sign-in never becomes valid. Returns the device id the
 * browser keeps for new-sign-in alerts.
 */
export async function openSession(
  user: VerifiedUser,
  client: ClientInfo,
  presented: Presented = {},
  proof: Proof = PASSWORD,
) {
  const { previousToken } = presented;
  const token = newSessionToken();
  return db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: user.id, credentialsVersion: user.credentialsVersion, ...notLockedWhere() },
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
      ...proof,
      deviceId: presented.deviceId,
    });
    return {
      id: created.id,
      expires: created.expires,
      authTime: created.authTime,
      token,
      deviceId: created.deviceId,
    };
  });
}

/** openSession, then the cookies. False when the credentials changed (or the account was locked) meanwhile. */
export async function startSession(
  user: VerifiedUser,
  client: ClientInfo,
  proof: Proof = PASSWORD,
): Promise<boolean> {
  const session = await openSession(
    user,
    client,
    { previousToken: await readSessionCookie(), deviceId: await readDeviceCookie() },
    proof,
  );
  if (!session) return false;
  await setSessionCookie(session.token, session.expires);
  await setSignInCookies({ ...session, userId: user.id, role: user.role, amr: proof.amr });
  return true;
}

/**
 * A right password that is on a list of breached or common passwords is not
 * refused (the person did nothing new), but remembered until it is changed:
 * the dashboard then asks for a new one.
 */
async function notePasswordListed(userId: string, password: string, noted: boolean): Promise<void> {
  const listed = await isBreachedPassword(normalizePassword(password));
  if (listed !== noted)
    await db.user.update({ where: { id: userId }, data: { passwordListedAt: listed ? new Date() : null } });
}

export async function signInWithPassword(
  email: string,
  password: string,
  client: ClientInfo,
): Promise<SignInResult> {
  const user = await db.user.findUnique({
    where: { email },
    select: {
      ...SIGN_IN_USER,
      passwordHash: true,
      passwordListedAt: true,
      emailVerified: true,
      totpEnabledAt: true,
    },
  });
  const check = await checkPassword({
    key: email,
    client,
    password,
    hash: user?.passwordHash,
    userId: user?.id,
  });
  // A wrong password on a locked account fails like any wrong password; only the
  // right one learns of the lock (and, for a timed lock, when it lifts).
  if (check.ok && user && isLocked(user)) {
    await audit(db, { action: "login.failed", targetUserId: user.id, client, details: { reason: "locked" } });
    return { ok: false, error: lockedMessage(user.lockedUntil) };
  }
  if (check.ok && user) await notePasswordListed(user.id, password, user.passwordListedAt !== null);
  if (check.ok && user && verificationRequired(user)) {
    await audit(db, {
      action: "login.failed",
      targetUserId: user.id,
      client,
      details: { reason: "unverified" },
    });
    const resent = await resendVerification(user.id, client);
    const link = resent.sent ? `We sent a new link to ${user.email}` : "Open the link we sent you";
    return { ok: false, error: `Your email address is not verified yet. ${link}, then sign in.` };
  }
  if (check.ok && user?.totpEnabledAt) {
    await setPendingSignInCookie(await createPendingSignIn(user), PENDING_TTL_SECONDS);
    return { ok: "second_factor" };
  }
  if (check.ok && user && (await startSession(user, client))) return { ok: true };
  // Refusals before any check (throttled, busy) are counted by checkPassword instead.
  if (check.ok || check.reason === "wrong") {
    const reason = !user ? "unknown_email" : check.ok ? "credentials_changed" : "wrong_password";
    await audit(db, { action: "login.failed", targetUserId: user?.id, client, details: { reason } });
  }
  return { ok: false, error: check.ok ? WRONG_CREDENTIALS : refusalMessage(check, WRONG_CREDENTIALS) };
}

/** The same words whether or not the address had an account (REQUIRE_EMAIL_VERIFICATION). */
export function checkEmailText(email: string): string {
  return `Check your email: we sent a message to ${email} with the next step.`;
}

export type SignUpResult = { ok: true; signedIn: boolean } | { ok: false; error: string };

/**
 * Creates the account and queues its verification link. By default it signs in
 * at once and says when an address is taken (a known trade-off: that answer
 * tells whether an address has an account). With REQUIRE_EMAIL_VERIFICATION it
 * answers the same for a new and a taken address, after the same bcrypt work,
 * and the owner of a taken one gets a mail instead.
 */
export async function signUp(
  input: { name: string; email: string; password: string },
  client: ClientInfo,
): Promise<SignUpResult> {
  const wait = await takeSignUp(client.ip);
  if (wait > 0) {
    const refused = await countRefusal(`signup:${client.ip}`, wait);
    if (refused > 0) await audit(db, { action: "signup.throttled", client, details: { refused } });
    return { ok: false, error: `Too many new accounts from your network. Try again in ${inMinutes(wait)}.` };
  }
  const quiet = config().REQUIRE_EMAIL_VERIFICATION;
  const taken = "An account with this email already exists. Sign in instead.";
  const existing = await db.user.findUnique({
    where: { email: input.email },
    select: { id: true, email: true, name: true },
  });
  // Without verification a taken address is answered before hashing: it costs no bcrypt time.
  if (existing && !quiet) return { ok: false, error: taken };
  const hashed = await hashNewPassword(input.password, input);
  if ("error" in hashed) return { ok: false, error: hashed.error };
  if (existing) {
    await tellOwnerOfSignUpAttempt(existing, client);
    return { ok: true, signedIn: false };
  }
  const user = await db
    .$transaction(async (tx) => {
      const created = await tx.user.create({
        data: { name: input.name, email: input.email, passwordHash: hashed.hash },
        select: { id: true, email: true, name: true, role: true, credentialsVersion: true },
      });
      await audit(tx, { action: "user.created", actorUserId: created.id, targetUserId: created.id, client });
      await queueVerificationMail(tx, created, client);
      return created;
    })
    .catch((err: unknown) => {
      // The unique index decides a race between two sign-ups with one address.
      if (isUniqueViolation(err)) return null;
      throw err;
    });
  if (!user) return quiet ? { ok: true, signedIn: false } : { ok: false, error: taken };
  sendMailAfterResponse();
  if (quiet) return { ok: true, signedIn: false };
  await startSession(user, client);
  return { ok: true, signedIn: true };
}
