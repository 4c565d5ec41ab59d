// The challenges we issue for DBSC: one per registration offer and one per
// refresh, each for one session. Only their SHA-256 is stored; a challenge is
// spent by the first proof that names it, good or bad, so none can be replayed,
// and it is worth nothing after a few minutes.
import { randomToken, sha256Hex } from "@/lib/crypto/token";
import { type DbTx, db } from "@/lib/db/client";

/** Registration follows the sign-in response at once and a refresh within milliseconds; this is ample. */
export const CHALLENGE_TTL_SECONDS = 5 * 60;

export async function issueBindingChallenge(sessionId: string, client: DbTx = db): Promise<string> {
  const challenge = randomToken();
  const now = Date.now();
  // Expired ones are useless: each new one clears them (an indexed range delete).
  await client.bindingChallenge.deleteMany({ where: { expires: { lt: new Date(now) } } });
  await client.bindingChallenge.create({
    data: {
      challengeHash: sha256Hex(challenge),
      sessionId,
      expires: new Date(now + CHALLENGE_TTL_SECONDS * 1000),
    },
  });
  return challenge;
}

/**
 * Spends the challenge. Null when we never issued it (or it was cleared); else the
 * session it was issued for, and `live` only for the first use within its time:
 * of two concurrent uses only the one whose delete found the row gets it.
 */
export async function spendBindingChallenge(
  challenge: string,
): Promise<{ sessionId: string; live: boolean } | null> {
  const challengeHash = sha256Hex(challenge);
  const row = await db.bindingChallenge.findUnique({ where: { challengeHash } });
  if (!row) return null;
  const { count } = await db.bindingChallenge.deleteMany({ where: { challengeHash } });
  return { sessionId: row.sessionId, live: count === 1 && row.expires.getTime() > Date.now() };
}
