// "New sign-in" alerts. A browser is recognised by a long-lived random cookie
// (only its SHA-256 is stored, per user); a sign-in from a browser this account
// has not used for 90 days mails the owner, with a "This wasn't me" link that
// can end that one session. The first device of an account (the one it was
// created on) never alerts.
import { audit } from "@/lib/audit";
import { randomToken, sha256Hex } from "@/lib/crypto/token";
import type { DbTx } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { issueLinkToken } from "@/lib/links/tokens";
import { mailLink } from "@/lib/mail/links";
import { enqueueMail } from "@/lib/mail/outbox";
import { newSignInMail } from "@/lib/mail/templates";

export const KNOWN_DEVICE_DAYS = 90;

const DEVICE_ID = /^[A-Za-z0-9_-]{43}$/;

export const newDeviceId = randomToken;

type SignIn = {
  user: { id: string; email: string; name: string | null };
  sessionId: string;
  client: ClientInfo;
  /** The browser's device cookie, if it sent one. */
  deviceId?: string;
  now?: Date;
};

/**
 * In the transaction that creates the session: records the browser as seen now
 * and queues the alert when it is new to this account. Returns the device id the
 * browser should keep (its own, or a new one if it had none or a malformed one).
 */
export async function noteSignInDevice(tx: DbTx, s: SignIn): Promise<string> {
  const now = s.now ?? new Date();
  const deviceId = s.deviceId && DEVICE_ID.test(s.deviceId) ? s.deviceId : newDeviceId();
  const key = { userId: s.user.id, deviceHash: sha256Hex(deviceId) };
  const known = await tx.knownDevice.findUnique({ where: { userId_deviceHash: key } });
  const recent = known && now.getTime() - known.lastSeenAt.getTime() < KNOWN_DEVICE_DAYS * 86_400_000;
  if (!recent && (await tx.knownDevice.count({ where: { userId: s.user.id } })) > 0) {
    const token = await issueLinkToken(
      tx,
      { purpose: "not_me", userId: s.user.id, email: s.user.email, sessionId: s.sessionId },
      now,
    );
    await enqueueMail(tx, newSignInMail(s.user, now, s.client, mailLink(`/not-me?token=${token}`)));
    await audit(tx, {
      action: "sign_in.new_device",
      actorUserId: s.user.id,
      targetUserId: s.user.id,
      sessionId: s.sessionId,
      client: s.client,
    });
  }
  await tx.knownDevice.upsert({
    where: { userId_deviceHash: key },
    create: { ...key, createdAt: now, lastSeenAt: now },
    update: { lastSeenAt: now },
  });
  return deviceId;
}
