// Authenticator-app codes (RFC 6238 TOTP, 30-second steps, 6 digits) through
// otplib. The secret is stored sealed; a code is accepted once: its time step
// must be later than the last one accepted for the account.
import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";
import { sealer } from "@/lib/crypto/sealed";
import { db } from "@/lib/db/client";

export const ISSUER = "Hybrid Auth";

const secrets = sealer("hybrid-auth totp v1", "totp secret");

export async function newSecret(): Promise<{ secret: string; sealed: string }> {
  const secret = generateSecret();
  return { secret, sealed: await secrets.seal(secret) };
}

export function openSecret(sealed: string): Promise<string> {
  return secrets.open(sealed);
}

/** What the set-up page shows: the otpauth:// URI as a QR code, and the key to type by hand. */
export async function setupDisplay(sealed: string, email: string) {
  const secret = await openSecret(sealed);
  const uri = generateURI({ issuer: ISSUER, label: email, secret });
  return { secret, qr: await QRCode.toDataURL(uri, { margin: 1, width: 200 }) };
}

/**
 * The time step of a code that is right now (one step of clock drift either
 * way) and later than `afterStep`, or null.
 */
export async function acceptedStep(
  sealed: string,
  code: string,
  afterStep: number | null,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret: await openSecret(sealed),
    token: code,
    epochTolerance: 30,
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  }).catch(() => null);
  return result?.valid && "timeStep" in result ? result.timeStep : null;
}

/**
 * Accepts `code` for the account once: the step moves forward in an update
 * conditional on the step read, so the same code sent twice at once (a sign-in
 * and a confirmation, or two of either) is accepted once.
 */
export async function spendTotpCode(
  user: { id: string; totpSecret: string; totpLastStep: number | null },
  code: string,
): Promise<boolean> {
  const step = await acceptedStep(user.totpSecret, code.replace(/\s/g, ""), user.totpLastStep);
  if (step === null) return false;
  const { count } = await db.user.updateMany({
    where: { id: user.id, totpLastStep: user.totpLastStep },
    data: { totpLastStep: step },
  });
  return count === 1;
}
