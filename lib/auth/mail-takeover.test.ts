// Two account takeovers through mail (issue 25, rows 3 and 4), against the real
// database of the run: what a reset removes when it first proves the address,
// and how a change of address spends the links the old mailbox still holds.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { openBody } from "@/lib/mail/sealed";
import { insertSession } from "@/lib/sessions/store";
import { newSessionToken } from "@/lib/sessions/token";
import { createUser, testClient } from "@/lib/testing/factories";
import { replaceRecoveryCodes } from "@/lib/two-factor/recovery-codes";
import { confirmEmailChange, requestEmailChange } from "./email-change";
import { requestPasswordReset, resetPassword } from "./password-reset";

/** The raw token is only ever in the mail: read it back out of the newest queued message of that kind. */
async function mailedToken(email: string, kind: string, path: string): Promise<string> {
  const mail = await db.mailMessage.findFirstOrThrow({
    where: { to: email, kind },
    orderBy: { createdAt: "desc" },
  });
  return new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`).exec(await openBody(mail.text))?.[1] ?? "";
}

let ipCounter = 1;
const client = () => ({ ...testClient, ip: `192.0.2.${100 + (ipCounter++ % 100)}` });

/** What an attacker who signed up first with the address may have planted before it was verified. */
async function plantWaysIn(userId: string) {
  await db.account.create({
    data: { userId, type: "oidc", provider: "oidc", providerAccountId: `sub-attacker-${userId}` },
  });
  await db.authenticator.create({
    data: {
      userId,
      credentialID: `cred-${userId}`,
      providerAccountId: `cred-${userId}`,
      credentialPublicKey: "cHVibGlj",
      counter: 0,
      credentialDeviceType: "singleDevice",
      credentialBackedUp: false,
    },
  });
  await db.user.update({
    where: { id: userId },
    data: { totpSecret: "sealed-secret", totpEnabledAt: new Date(), totpPendingSecret: "sealed-pending" },
  });
  await db.$transaction((tx) => replaceRecoveryCodes(tx, userId));
}

async function waysIn(userId: string) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  return {
    accounts: await db.account.count({ where: { userId } }),
    passkeys: await db.authenticator.count({ where: { userId } }),
    recoveryCodes: await db.recoveryCode.count({ where: { userId } }),
    totp: [user.totpSecret, user.totpPendingSecret, user.totpEnabledAt].filter((v) => v !== null).length,
  };
}

const NONE = { accounts: 0, passkeys: 0, recoveryCodes: 0, totp: 0 };

describe("a reset that first proves the address", () => {
  it("removes every provider link, passkey and authenticator secret added before, audits it and says so in the mail", async () => {
    const user = await createUser();
    await plantWaysIn(user.id);
    await requestPasswordReset(user.email, client());
    const token = await mailedToken(user.email, "reset_password", "/reset-password");
    const outcome = await resetPassword(token, "the-owners-new-password", client());
    expect(outcome.ok).toBe(true);

    expect(await waysIn(user.id)).toEqual(NONE);
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.emailVerified).not.toBeNull();
    const event = await db.auditEvent.findFirstOrThrow({
      where: { targetUserId: user.id, action: "email.unverified_access_removed" },
    });
    expect(event.details).toEqual({ accounts: 1, passkeys: 1, twoFactor: true });
    const mail = await db.mailMessage.findFirstOrThrow({
      where: { to: user.email, kind: "password_changed" },
    });
    expect(await openBody(mail.text)).toContain(
      "1 connected sign-in provider, 1 passkey, the authenticator app and its recovery codes",
    );
  });

  it("removes nothing when the address was verified already, or when the reset itself fails", async () => {
    const verified = await createUser();
    await db.user.update({ where: { id: verified.id }, data: { emailVerified: new Date() } });
    await plantWaysIn(verified.id);
    await requestPasswordReset(verified.email, client());
    const token = await mailedToken(verified.email, "reset_password", "/reset-password");
    expect((await resetPassword(token, "a-new-password-1", client())).ok).toBe(true);
    expect(await waysIn(verified.id)).toEqual({ accounts: 1, passkeys: 1, recoveryCodes: 10, totp: 3 });
    expect(
      await db.auditEvent.count({
        where: { targetUserId: verified.id, action: "email.unverified_access_removed" },
      }),
    ).toBe(0);

    // A stale link (the password changed since) proves nothing and removes nothing.
    const unverified = await createUser();
    await plantWaysIn(unverified.id);
    await requestPasswordReset(unverified.email, client());
    const stale = await mailedToken(unverified.email, "reset_password", "/reset-password");
    await db.user.update({ where: { id: unverified.id }, data: { credentialsVersion: { increment: 1 } } });
    expect(await resetPassword(stale, "a-new-password-2", client())).toEqual({
      ok: false,
      problem: "superseded",
    });
    expect(await waysIn(unverified.id)).toEqual({ accounts: 1, passkeys: 1, recoveryCodes: 10, totp: 3 });
    expect((await db.user.findUniqueOrThrow({ where: { id: unverified.id } })).emailVerified).toBeNull();
  });
});

describe("mail links follow the address", () => {
  it("confirming a new address spends the open reset link, advances the credentials version and ends the other sessions but the confirming one", async () => {
    const user = await createUser();
    await db.user.update({ where: { id: user.id }, data: { passwordHash: "old-hash" } });
    const sessions = [];
    for (let i = 0; i < 3; i++)
      sessions.push(
        await insertSession(db, { sessionToken: newSessionToken(), userId: user.id, client: testClient }),
      );
    // The reset link goes to the old address first; then the owner moves to a new one.
    await requestPasswordReset(user.email, client());
    const resetToken = await mailedToken(user.email, "reset_password", "/reset-password");
    const newEmail = user.email.replace("@", "+moved@");
    expect(await requestEmailChange(user, newEmail, client())).toEqual({});
    const changeToken = await mailedToken(newEmail, "change_email", "/confirm-email");
    const confirming = { userId: user.id, sessionId: sessions[0]!.id };
    const outcome = await confirmEmailChange(changeToken, client(), confirming);
    expect(outcome).toEqual({ ok: true, email: newEmail, ended: 2 });

    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.email).toBe(newEmail);
    expect(after.credentialsVersion).toBe(user.credentialsVersion + 1);
    expect(await db.session.findMany({ where: { userId: user.id }, select: { id: true } })).toEqual([
      { id: sessions[0]!.id },
    ]);
    expect(await db.revokedSession.count({ where: { userId: user.id, reason: "email_change" } })).toBe(2);
    // Every link the old mailbox (or anyone) could still use is spent.
    expect(
      await db.linkToken.count({
        where: { userId: user.id, purpose: { in: ["reset_password", "change_email"] }, usedAt: null },
      }),
    ).toBe(0);

    // The holder of the abandoned mailbox sets no password.
    expect(await resetPassword(resetToken, "the-old-mailboxs-password", client())).toEqual({
      ok: false,
      problem: "superseded",
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe("old-hash");
  });

  it("a reset link works only for the address it was sent to, even if nothing else changed", async () => {
    const user = await createUser();
    await db.user.update({ where: { id: user.id }, data: { passwordHash: "old-hash" } });
    await requestPasswordReset(user.email, client());
    const token = await mailedToken(user.email, "reset_password", "/reset-password");
    // The address moved without the version moving (as an older version of the app changed it).
    const moved = user.email.replace("@", "+elsewhere@");
    await db.user.update({ where: { id: user.id }, data: { email: moved } });
    expect(await resetPassword(token, "the-old-mailboxs-password", client())).toEqual({
      ok: false,
      problem: "superseded",
    });
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.passwordHash).toBe("old-hash");
    expect(after.credentialsVersion).toBe(user.credentialsVersion);
    expect(await db.linkToken.count({ where: { userId: user.id, usedAt: { not: null } } })).toBe(0);
  });
});
