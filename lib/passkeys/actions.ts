"use server";

// Passkey ceremonies from the browser (lib/passkeys/passkeys.ts does the
// checking), and the settings page's rename and remove. Adding and removing a
// passkey change how the account can be entered: both need a recent
// authentication (step-up), like ending sessions.
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { ownerAction, ownerSession, sensitiveAction } from "@/lib/actions/validated-action";
import { audit } from "@/lib/audit";
import { safeNextPath } from "@/lib/auth/forms";
import { isLocked } from "@/lib/auth/lock";
import { startSession } from "@/lib/auth/sign-in";
import { db } from "@/lib/db/client";
import { clientInfo } from "@/lib/http/client-info";
import { type StepUpMethods, stepUpNeeded } from "@/lib/step-up/window";
import {
  type AuthenticationResponseJSON,
  finishRegistration,
  type RegistrationResponseJSON,
  registrationOptions,
  signInOptions,
  verifySignIn,
} from "./passkeys";

type Ceremony<T> = { options: T } | { stepUp: StepUpMethods } | { error: string };

export async function beginPasskeyRegistration(): Promise<
  Ceremony<Awaited<ReturnType<typeof registrationOptions>>>
> {
  const owner = await ownerSession();
  if ("error" in owner) return owner;
  const { session } = owner;
  const stepUp = await stepUpNeeded(session);
  if (stepUp) return { stepUp };
  return { options: await registrationOptions(session.user) };
}

export async function finishPasskeyRegistration(
  response: RegistrationResponseJSON,
): Promise<{ error?: string }> {
  const owner = await ownerSession();
  if ("error" in owner) return owner;
  const { session } = owner;
  if (await stepUpNeeded(session)) return { error: "Confirm it's you first, then add the passkey again." };
  const client = clientInfo(await headers());
  const result = await finishRegistration(session.user, response, client.deviceLabel, client);
  if (!result.ok) return { error: result.error };
  revalidatePath("/settings/passkeys");
  return {};
}

export async function beginPasskeySignIn() {
  return signInOptions();
}

const REFUSED = "That passkey is not registered here, or it could not be verified.";

export async function finishPasskeySignIn(
  response: AuthenticationResponseJSON,
  next?: string,
): Promise<{ next: string } | { error: string }> {
  const client = clientInfo(await headers());
  const user = await verifySignIn(response);
  // A locked account fails like an unknown passkey, as a locked one fails like a wrong password.
  if (!user || isLocked(user)) {
    await audit(db, {
      action: "login.failed",
      targetUserId: user?.id,
      client,
      details: { reason: "passkey" },
    });
    return { error: REFUSED };
  }
  if (!(await startSession(user, client, { signInMethod: "passkey", amr: ["passkey"] })))
    return { error: REFUSED };
  return { next: safeNextPath(next) };
}

const credential = z.string().min(1).max(512);

export const renamePasskeyAction = ownerAction(
  z.object({
    credentialID: credential,
    name: z.string().trim().min(1, "Enter a name.").max(60, "Use at most 60 characters."),
  }),
  async ({ credentialID, name }, session) => {
    const { count } = await db.authenticator.updateMany({
      where: { credentialID, userId: session.user.id },
      data: { name },
    });
    if (count === 0) return { error: "That passkey no longer exists." };
    await audit(db, {
      action: "passkey.renamed",
      actorUserId: session.user.id,
      targetUserId: session.user.id,
      details: { name },
    });
    revalidatePath("/settings/passkeys");
    return { success: `Renamed to ${name}.` };
  },
);

/** Sessions made with it stay: removing a key is not "sign out everywhere". The last way in cannot go. */
export const removePasskeyAction = sensitiveAction(
  z.object({ credentialID: credential }),
  async ({ credentialID }, session) => {
    const client = clientInfo(await headers());
    const result = await db.$transaction(async (tx) => {
      // Locks the account row first, so two removals at once cannot both pass the check below.
      await tx.user.update({ where: { id: session.user.id }, data: { updatedAt: new Date() } });
      const user = await tx.user.findUniqueOrThrow({
        where: { id: session.user.id },
        select: { passwordHash: true, _count: { select: { accounts: true, authenticators: true } } },
      });
      const key = await tx.authenticator.findFirst({ where: { credentialID, userId: session.user.id } });
      if (!key) return { error: "That passkey no longer exists." };
      const others = (user.passwordHash ? 1 : 0) + user._count.accounts + user._count.authenticators - 1;
      if (others === 0)
        return { error: "This passkey is your only way to sign in: add a password or another one first." };
      await tx.authenticator.delete({ where: { credentialID } });
      await audit(tx, {
        action: "passkey.removed",
        actorUserId: session.user.id,
        targetUserId: session.user.id,
        client,
        details: { name: key.name },
      });
      return { success: `Removed ${key.name}.` };
    });
    revalidatePath("/settings/passkeys");
    return result;
  },
);
