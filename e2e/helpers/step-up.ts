// What the no-JavaScript specs share.
import { generate } from "otplib";
import { db } from "@/lib/db/client";
import { newSecret } from "@/lib/two-factor/totp";
import { recordSecret } from "../secrets";

/** Moves the user's sessions out of the step-up window, so the next sensitive action asks first. */
export async function pastStepUpWindow(email: string) {
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  await db.session.updateMany({
    where: { userId: user.id },
    data: { authTime: new Date(Date.now() - 11 * 60_000) },
  });
}

/** The authenticator app's code, `stepsAhead` 30-second steps from now (the server allows one step of drift). */
export const totpCode = (secret: string, stepsAhead = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + stepsAhead * 30 });

/** Two-factor sign-in on, as a finished set-up leaves it (address verified): the secret, for codes. */
export async function withAuthenticator(email: string): Promise<string> {
  const { secret, sealed } = await newSecret();
  recordSecret("TOTP secret", secret);
  await db.user.update({
    where: { email },
    data: { totpSecret: sealed, totpEnabledAt: new Date(), emailVerified: new Date() },
  });
  return secret;
}
