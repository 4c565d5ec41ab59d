// Turning two-factor sign-in on and off, and replacing recovery codes. Every
// change is audited and mailed. The caller (lib/actions/two-factor.ts) makes
// sure the user recently proved who they are (step-up), for the code that turns
// it on too: the unfinished secret is the factor, so showing or confirming it
// is as sensitive as starting it.
import { audit } from "@/lib/audit";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { sendMailAfterResponse } from "@/lib/mail/after-response";
import { enqueueMail } from "@/lib/mail/outbox";
import { twoFactorMail } from "@/lib/mail/templates";
import { emailVerified, NO_AUTHENTICATOR_APP, VERIFY_FIRST } from "@/lib/users/verified-only";
import { replaceRecoveryCodes } from "./recovery-codes";
import { acceptedStep, newSecret } from "./totp";

type Owner = { id: string; email: string; name: string | null };

/** An unfinished set-up lasts this long: a secret nobody confirmed must not wait for a code forever. */
export const SETUP_TTL_MS = 10 * 60_000;

export type SetupState = "none" | "open" | "expired";

/** Where a set-up stands: none started, one within its 10 minutes, or one past them (to discard). */
export function setupState(
  user: { totpEnabledAt: Date | null; totpPendingSecret: string | null; totpSetupStartedAt: Date | null },
  now = new Date(),
): SetupState {
  if (user.totpEnabledAt || !user.totpPendingSecret) return "none";
  // A secret from before set-ups had a start time counts as expired.
  const started = user.totpSetupStartedAt?.getTime() ?? 0;
  return now.getTime() - started < SETUP_TTL_MS ? "open" : "expired";
}

export const SETUP_EXPIRED = "The set-up you started expired (it lasts 10 minutes). Start it again.";

/**
 * A fresh secret waits for its first code (10 minutes at most); the page shows
 * it as a QR code and as text. Only on a verified address (lib/users/verified-only.ts).
 */
export async function startSetup(userId: string, now = new Date()): Promise<{ error?: string }> {
  const { sealed } = await newSecret();
  const { count } = await db.user.updateMany({
    where: { id: userId, totpEnabledAt: null, emailVerified: { not: null } },
    data: { totpPendingSecret: sealed, totpSetupStartedAt: now },
  });
  if (count === 1) return {};
  return (await emailVerified(userId))
    ? { error: "Two-factor sign-in is on already." }
    : { error: VERIFY_FIRST };
}

/** The first code turns it on and makes the recovery codes (returned once). */
export async function confirmSetup(
  user: Owner,
  code: string,
  client: ClientInfo,
): Promise<{ codes: string[] } | { error: string }> {
  const row = await db.user.findUniqueOrThrow({
    where: { id: user.id },
    select: { totpPendingSecret: true, totpSetupStartedAt: true, totpEnabledAt: true, emailVerified: true },
  });
  if (!row.emailVerified) return { error: VERIFY_FIRST };
  const state = setupState(row);
  if (state === "expired") {
    await discardExpiredSetup(user.id, row.totpPendingSecret);
    return { error: SETUP_EXPIRED };
  }
  if (state === "none" || !row.totpPendingSecret) return { error: "Start the set-up again." };
  const step = await acceptedStep(row.totpPendingSecret, code, null);
  if (step === null)
    return { error: "That code is not right. Check the time on your device and try the next code." };
  const codes = await db.$transaction(async (tx) => {
    // Conditional on the secret the code was checked against, still within its 10 minutes:
    // a set-up restarted or expired meanwhile wins.
    const { count } = await tx.user.updateMany({
      where: {
        id: user.id,
        totpEnabledAt: null,
        totpPendingSecret: row.totpPendingSecret,
        totpSetupStartedAt: { gt: new Date(Date.now() - SETUP_TTL_MS) },
      },
      data: {
        totpSecret: row.totpPendingSecret,
        totpPendingSecret: null,
        totpSetupStartedAt: null,
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

/** Drops an unfinished secret past its 10 minutes (only that one: a set-up restarted meanwhile stays). */
export async function discardExpiredSetup(userId: string, pending: string | null): Promise<void> {
  if (!pending) return;
  await db.user.updateMany({
    where: { id: userId, totpEnabledAt: null, totpPendingSecret: pending },
    data: { totpPendingSecret: null, totpSetupStartedAt: null },
  });
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
      data: NO_AUTHENTICATOR_APP,
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
