// Single-use links sent by mail. The link carries 256 random bits; the database
// keeps their SHA-256 only, so neither a copy of the table nor a log of it opens
// anything. A link is spent by one conditional update: of two requests that use
// it at once, one wins and the other finds it used.
import { randomToken, sha256Hex } from "@/lib/crypto/token";
import type { DbTx } from "@/lib/db/client";
import { db } from "@/lib/db/client";

export type LinkPurpose = "verify_email" | "change_email" | "reset_password" | "not_me";

/** How long each kind of link works. */
export const LINK_TTL_SECONDS: Record<LinkPurpose, number> = {
  verify_email: 24 * 3600,
  change_email: 24 * 3600,
  reset_password: 30 * 60,
  not_me: 7 * 24 * 3600,
};

export type NewLink = {
  purpose: LinkPurpose;
  userId: string;
  email: string;
  credentialsVersion?: number;
  sessionId?: string;
};

/** Stores a new link in the caller's transaction and returns the raw token: it goes into the mail, nowhere else. */
export async function issueLinkToken(tx: DbTx, link: NewLink, now = new Date()): Promise<string> {
  const token = randomToken();
  await tx.linkToken.create({
    data: {
      ...link,
      tokenHash: sha256Hex(token),
      expires: new Date(now.getTime() + LINK_TTL_SECONDS[link.purpose] * 1000),
    },
  });
  return token;
}

export type LinkRow = NonNullable<Awaited<ReturnType<typeof findRow>>>;

/** Why a link does not work, in the order a person would want to hear it. */
export type LinkProblem = "invalid" | "used" | "expired" | "superseded";

export type LinkCheck = { ok: true; link: LinkRow } | { ok: false; problem: LinkProblem };

function findRow(token: string) {
  return db.linkToken.findUnique({
    where: { tokenHash: sha256Hex(token) },
    include: { user: { select: { email: true, name: true, credentialsVersion: true, lockedAt: true } } },
  });
}

/**
 * Looks a link up without spending it. A reset or change-of-address link is
 * superseded by any later change of the credentials and by a newer link of its
 * kind: only the latest one sent works.
 */
export async function checkLinkToken(
  token: string | undefined,
  purposes: LinkPurpose[],
  now = new Date(),
): Promise<LinkCheck> {
  if (!token || token.length > 100) return { ok: false, problem: "invalid" };
  const link = await findRow(token);
  if (!link || !purposes.includes(link.purpose as LinkPurpose)) return { ok: false, problem: "invalid" };
  // A link that proves or resets the account's address works only while that is still the address:
  // after a change of address, the old mailbox's links open nothing (checked first: "used" would mislead).
  if (ADDRESS_BOUND.includes(link.purpose as LinkPurpose) && link.email !== link.user.email)
    return { ok: false, problem: "superseded" };
  if (link.usedAt) return { ok: false, problem: "used" };
  if (link.expires.getTime() <= now.getTime()) return { ok: false, problem: "expired" };
  if (link.credentialsVersion !== null) {
    if (link.credentialsVersion !== link.user.credentialsVersion) return { ok: false, problem: "superseded" };
    const newer = await db.linkToken.count({
      where: { userId: link.userId, purpose: link.purpose, createdAt: { gt: link.createdAt } },
    });
    if (newer > 0) return { ok: false, problem: "superseded" };
  }
  return { ok: true, link };
}

/** Links sent to the account's own address; each works only while the account still has that address. */
const ADDRESS_BOUND: LinkPurpose[] = ["reset_password", "verify_email"];

/**
 * A change of address spends every open link that could change how the account
 * is entered (reset, change of address), in the caller's transaction: the old
 * mailbox keeps no way in. Returns how many were open.
 */
export async function spendOpenCredentialLinks(tx: DbTx, userId: string, now = new Date()): Promise<number> {
  const { count } = await tx.linkToken.updateMany({
    where: {
      userId,
      purpose: { in: ["reset_password", "change_email"] },
      usedAt: null,
      expires: { gt: now },
    },
    data: { usedAt: now },
  });
  return count;
}

/** Spends the link inside the caller's transaction; false when another request spent it first. */
export async function spendLinkToken(tx: DbTx, id: string, now = new Date()): Promise<boolean> {
  const { count } = await tx.linkToken.updateMany({ where: { id, usedAt: null }, data: { usedAt: now } });
  return count === 1;
}

/** What to tell a person whose link did not work. */
export function linkProblemText(problem: LinkProblem, kind: string): string {
  switch (problem) {
    case "used":
      return `This ${kind} link was used already. Each link works once.`;
    case "expired":
      return `This ${kind} link has expired.`;
    case "superseded":
      return `This ${kind} link is no longer valid: the password was changed, the email address was changed, or a newer link was sent since.`;
    default:
      return `This ${kind} link is not valid. Check that you copied the whole link.`;
  }
}

/** Links expired for a week are deleted (until then a late click is told "expired" rather than "not valid"). */
export async function pruneLinkTokens(now = new Date()): Promise<number> {
  const { count } = await db.linkToken.deleteMany({
    where: { expires: { lt: new Date(now.getTime() - 7 * 86_400_000) } },
  });
  return count;
}
