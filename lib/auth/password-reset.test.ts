// Password reset against the real database of the run and the real hashing pool.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { openBody } from "@/lib/mail/sealed";
import { insertSession } from "@/lib/sessions/store";
import { newSessionToken } from "@/lib/sessions/token";
import { createUser, testClient } from "@/lib/testing/factories";
import { requestPasswordReset, resetPassword } from "./password-reset";

/** The raw token is only ever in the mail: read it back out of the queued message. */
async function mailedToken(email: string): Promise<string> {
  const mail = await db.mailMessage.findFirstOrThrow({
    where: { to: email, kind: "reset_password" },
    orderBy: { createdAt: "desc" },
  });
  return /reset-password\?token=([A-Za-z0-9_-]+)/.exec(await openBody(mail.text))?.[1] ?? "";
}

const client = (ip: string) => ({ ...testClient, ip });

describe("password reset", () => {
  it("queues nothing for an unknown or a locked address, and at most the hourly allowance for a real one", async () => {
    await requestPasswordReset("nobody-at-all@example.com", client("192.0.2.10"));
    expect(await db.mailMessage.count({ where: { to: "nobody-at-all@example.com" } })).toBe(0);
    const locked = await createUser({ lockedAt: new Date() });
    expect(await requestPasswordReset(locked.email, client("192.0.2.11"))).toEqual({});
    expect(await db.linkToken.count({ where: { userId: locked.id } })).toBe(0);

    const user = await createUser();
    for (let i = 0; i < 5; i++)
      expect(await requestPasswordReset(user.email, client(`192.0.2.${20 + i}`))).toEqual({});
    expect(await db.linkToken.count({ where: { userId: user.id } })).toBe(3);
  });

  it("refuses a client IP past its hourly allowance, whatever the address, and says so", async () => {
    const ip = client("192.0.2.99");
    for (let i = 0; i < 20; i++) expect(await requestPasswordReset(`walk-${i}@example.com`, ip)).toEqual({});
    const refused = await requestPasswordReset("walk-20@example.com", ip);
    expect(refused.error).toMatch(/^Too many requests from your network\. Try again in/);
  });

  it("used by several requests at once: one new password, one version step, every session ended once", async () => {
    const user = await createUser();
    for (let i = 0; i < 3; i++)
      await insertSession(db, { sessionToken: newSessionToken(), userId: user.id, client: testClient });
    await requestPasswordReset(user.email, client("192.0.2.30"));
    const token = await mailedToken(user.email);
    // Neither the link table nor the outbox holds the token as it works.
    for (const row of await db.mailMessage.findMany({ where: { to: user.email } }))
      expect(JSON.stringify(row)).not.toContain(token);
    expect(JSON.stringify(await db.linkToken.findMany({ where: { userId: user.id } }))).not.toContain(token);
    const outcomes = await Promise.all(
      ["first-new-password", "second-new-password", "third-new-password"].map((p) =>
        resetPassword(token, p, testClient),
      ),
    );
    expect(outcomes.filter((o) => o.ok)).toEqual([{ ok: true, ended: 3 }]);
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.credentialsVersion).toBe(1);
    expect(after.emailVerified).not.toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.revokedSession.count({ where: { userId: user.id, reason: "password_reset" } })).toBe(3);
    expect(await db.auditEvent.count({ where: { targetUserId: user.id, action: "password.reset" } })).toBe(1);
    expect(await db.mailMessage.count({ where: { to: user.email, kind: "password_changed" } })).toBe(1);
    expect(await resetPassword(token, "fourth-new-password", testClient)).toEqual({
      ok: false,
      problem: "used",
    });
  });
});
