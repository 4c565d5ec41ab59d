// Challenges we issued for WebAuthn ceremonies. A response is accepted only for
// a challenge stored here, unused, unexpired and of its purpose (and user, for
// registration and confirmation); accepting it spends it in one conditional update, so a
// captured response replayed, even at once, is refused.
import { randomToken } from "@/lib/crypto/token";
import { db } from "@/lib/db/client";

export type ChallengePurpose = "register" | "sign_in" | "confirm";

const TTL_MS = 5 * 60_000;

export async function issueChallenge(purpose: ChallengePurpose, userId?: string): Promise<string> {
  const challenge = randomToken();
  const now = Date.now();
  // Expired ones are useless: each new ceremony clears them (an indexed range delete).
  await db.webAuthnChallenge.deleteMany({ where: { expires: { lt: new Date(now) } } });
  await db.webAuthnChallenge.create({
    data: { challenge, purpose, userId: userId ?? null, expires: new Date(now + TTL_MS) },
  });
  return challenge;
}

/** Whether a response may go on to be checked; nothing is spent until the whole response passed. */
export async function challengeOpen(
  challenge: string,
  purpose: ChallengePurpose,
  userId?: string,
): Promise<boolean> {
  const found = await db.webAuthnChallenge.count({
    where: { challenge, purpose, userId: userId ?? null, usedAt: null, expires: { gt: new Date() } },
  });
  return found === 1;
}

export async function spendChallenge(
  challenge: string,
  purpose: ChallengePurpose,
  userId?: string,
): Promise<boolean> {
  const now = new Date();
  const { count } = await db.webAuthnChallenge.updateMany({
    where: { challenge, purpose, userId: userId ?? null, usedAt: null, expires: { gt: now } },
    data: { usedAt: now },
  });
  return count === 1;
}
