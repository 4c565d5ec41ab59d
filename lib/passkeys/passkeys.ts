// Passkeys (WebAuthn, discoverable credentials) through @simplewebauthn/server,
// the library Auth.js's own WebAuthn provider is built on, stored in the
// Authenticator model Auth.js's Prisma adapter expects (ids and keys base64url).
// Registration needs a signed-in user; sign-in needs nothing typed: the browser
// offers the passkeys it has for this site.
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type VerifyAuthenticationResponseOpts,
  type VerifyRegistrationResponseOpts,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import { isoBase64URL } from "@simplewebauthn/server/helpers";
import { audit } from "@/lib/audit";
import { db } from "@/lib/db/client";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import type { ClientInfo } from "@/lib/http/client-info";
import { SIGN_IN_USER, type SignInUser } from "@/lib/users/sign-in-user";
import { challengeOpen, issueChallenge, spendChallenge } from "./challenges";
import { relyingParty } from "./relying-party";

type Owner = { id: string; email: string; name: string | null };
export type RegistrationResponseJSON = VerifyRegistrationResponseOpts["response"];
export type AuthenticationResponseJSON = VerifyAuthenticationResponseOpts["response"];

export async function registrationOptions(user: Owner) {
  const rp = relyingParty();
  const existing = await db.authenticator.findMany({
    where: { userId: user.id },
    select: { credentialID: true },
  });
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userID: user.id,
    userName: user.email,
    userDisplayName: user.name ?? user.email,
    // As bytes: a string would be taken as text and sent encoded, so the response would not carry it as stored.
    challenge: isoBase64URL.toBuffer(await issueChallenge("register", user.id)),
    attestationType: "none",
    // One passkey per authenticator for this account.
    excludeCredentials: existing.map((a) => ({
      id: isoBase64URL.toBuffer(a.credentialID),
      type: "public-key",
    })),
    authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
  });
}

/** Verifies the new credential (challenge, origin, RP ID) and stores it under `name`. */
export async function finishRegistration(
  user: Owner,
  response: RegistrationResponseJSON,
  name: string,
  client: ClientInfo,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const rp = relyingParty();
  let challenge = "";
  const result = await verifyRegistrationResponse({
    response,
    expectedChallenge: (c) => {
      challenge = c;
      return challengeOpen(c, "register", user.id);
    },
    expectedOrigin: rp.origins,
    expectedRPID: rp.id,
  }).catch(() => null);
  const info = result?.verified ? result.registrationInfo : undefined;
  if (!info || !(await spendChallenge(challenge, "register", user.id)))
    return { ok: false, error: "The passkey could not be verified. Try again." };
  const credentialID = isoBase64URL.fromBuffer(info.credentialID);
  await db.$transaction(async (tx) => {
    await tx.authenticator.create({
      data: {
        credentialID,
        userId: user.id,
        providerAccountId: credentialID,
        credentialPublicKey: isoBase64URL.fromBuffer(info.credentialPublicKey),
        counter: info.counter,
        credentialDeviceType: info.credentialDeviceType,
        credentialBackedUp: info.credentialBackedUp,
        transports: response.response.transports?.join(",") ?? null,
        name,
      },
    });
    await audit(tx, {
      action: "passkey.added",
      actorUserId: user.id,
      targetUserId: user.id,
      client,
      details: { name },
    });
  });
  return { ok: true };
}

export async function signInOptions() {
  const rp = relyingParty();
  return generateAuthenticationOptions({
    rpID: rp.id,
    challenge: isoBase64URL.toBuffer(await issueChallenge("sign_in")),
    userVerification: "preferred",
  });
}

/**
 * The sign-in options the login page is rendered with, for the email field's
 * passkey autofill: its request starts as soon as the page is ready, with no
 * round trip of its own. Null while the database cannot be reached: the page
 * still renders, and the button asks again.
 */
export async function autofillOptions() {
  try {
    return await signInOptions();
  } catch (err) {
    if (isDatabaseUnavailable(err)) return null;
    throw err;
  }
}

/** "Confirm it's you" with a passkey: only this account's passkeys are offered, and only they are accepted. */
export async function confirmationOptions(userId: string) {
  const rp = relyingParty();
  const keys = await db.authenticator.findMany({ where: { userId }, select: { credentialID: true } });
  return generateAuthenticationOptions({
    rpID: rp.id,
    challenge: isoBase64URL.toBuffer(await issueChallenge("confirm", userId)),
    allowCredentials: keys.map((k) => ({ id: isoBase64URL.toBuffer(k.credentialID), type: "public-key" })),
    userVerification: "preferred",
  });
}

/**
 * The account a sign-in response proves, or null: an unknown or removed
 * passkey, a challenge we did not issue (or already accepted), another origin
 * or RP ID, a bad signature, or a counter that went backwards (a cloned key).
 */
export function verifySignIn(response: AuthenticationResponseJSON): Promise<SignInUser | null> {
  return verifyAssertion(response, "sign_in");
}

/** Whether the response proves a passkey of `userId`, for a confirmation challenge issued to that user. */
export async function verifyConfirmation(
  response: AuthenticationResponseJSON,
  userId: string,
): Promise<boolean> {
  return (await verifyAssertion(response, "confirm", userId))?.id === userId;
}

async function verifyAssertion(
  response: AuthenticationResponseJSON,
  purpose: "sign_in" | "confirm",
  userId?: string,
): Promise<SignInUser | null> {
  const rp = relyingParty();
  const stored = await db.authenticator.findUnique({
    where: { credentialID: response.id },
    include: { user: { select: SIGN_IN_USER } },
  });
  if (!stored || (userId !== undefined && stored.userId !== userId)) return null;
  let challenge = "";
  const result = await verifyAuthenticationResponse({
    response,
    expectedChallenge: (c) => {
      challenge = c;
      return challengeOpen(c, purpose, userId);
    },
    expectedOrigin: rp.origins,
    expectedRPID: rp.id,
    authenticator: {
      credentialID: isoBase64URL.toBuffer(stored.credentialID),
      credentialPublicKey: isoBase64URL.toBuffer(stored.credentialPublicKey),
      counter: stored.counter,
    },
  }).catch(() => null);
  if (!result?.verified || !(await spendChallenge(challenge, purpose, userId))) return null;
  // Conditional on the counter read: two sign-ins racing with one response cannot both move it.
  const { count } = await db.authenticator.updateMany({
    where: { credentialID: stored.credentialID, counter: stored.counter },
    data: { counter: result.authenticationInfo.newCounter, lastUsedAt: new Date() },
  });
  return count === 1 ? stored.user : null;
}
