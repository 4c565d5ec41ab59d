// Turning two-factor sign-in on and off, and replacing recovery codes. Every
// change is audited and mailed. The caller (lib/two-factor/actions.ts) makes
// sure the user recently proved who they are (step-up).
import { audit } from "@/lib/audit";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { sendMailAfterResponse } from "@/lib/mail/after-response";
import { enqueueMail } from "@/lib/mail/outbox";
import { twoFactorMail } from "@/lib/mail/templates";
import { replaceRecoveryCodes } from "./recovery-codes";
import { acceptedStep, newSecret } from "./totp";

type Owner = { id: string; email: string; name: string | null };

/** A fresh secret waits for its first code; the page shows it as a QR code and as text. */
export async function startSetup(userId: string): Promise<{ error?: string }> {
  const { sealed } = await newSecret();
  const { count } = await db.user.updateMany({
    where: { id: userId, totpEnabledAt: null },
    data: { totpPendingSecret: sealed },
  });
  return count === 1 ? {} : { error: "Two-factor sign-in is on already." };
}

/** The first code turns it on and makes the recovery codes (returned once). */
export async function confirmSetup(
  user: Owner,
  code: string,
  client: ClientInfo,
): Promise<{ codes: string[] } | { error: string }> {
  const row = await db.user.findUniqueOrThrow({
    where: { id: user.id },
    select: { totpPendingSecret: true },
  });
  if (!row.totpPendingSecret) return { error: "Start the set-up again." };
  const step = await acceptedStep(row.totpPendingSecret, code, null);
  if (step === null)
    return { error: "That code is not right. Check the time on your device and try the next code." };
  const codes = await db.$transaction(async (tx) => {
    // Conditional on the secret the code was checked against: a set-up restarted meanwhile wins.
    const { count } = await tx.user.updateMany({
      where: { id: user.id, totpEnabledAt: null, totpPendingSecret: row.totpPendingSecret },
      data: {
        totpSecret: row.totpPendingSecret,
        totpPendingSecret: null,
        totpEnabledAt: new Date(),
        totpLastStep: step,
      },
    });
    if (count === 0) return null;
    await audit(tx, { action: "two_factor.enabled", actorUserId: user.id, targetUserId: user.id, client });
    await enqueueMail(tx, twoFactorMail(user, "enabled", new Date(), client));
    return replaceRecoveryCodes(tx, user.id);
  });
  if (!codes) return { error: "The set-up changed meanwhile. Start it again." };
  sendMailAfterResponse();
  return { codes };
}

export async function regenerateRecoveryCodes(user: Owner, client: ClientInfo): Promise<string[] | null> {
  const codes = await db.$transaction(async (tx) => {
    const on = await tx.user.count({ where: { id: user.id, totpEnabledAt: { not: null } } });
    if (on === 0) return null;
    await audit(tx, {
      action: "two_factor.codes_regenerated",
      actorUserId: user.id,
      targetUserId: user.id,
      client,
    });
    await enqueueMail(tx, twoFactorMail(user, "codes", new Date(), client));
    return replaceRecoveryCodes(tx, user.id);
  });
  if (codes) sendMailAfterResponse();
  return codes;
}

export async function turnOff(user: Owner, client: ClientInfo): Promise<boolean> {
  const off = await db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: user.id, totpEnabledAt: { not: null } },
      data: { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null },
    });
    if (count === 0) return false;
    await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    await audit(tx, { action: "two_factor.disabled", actorUserId: user.id, targetUserId: user.id, client });
    await enqueueMail(tx, twoFactorMail(user, "disabled", new Date(), client));
    return true;
  });
  if (off) sendMailAfterResponse();
  return off;
}
