// "This wasn't me", from a new-sign-in mail: the link names one session and may
// end only that one, once, within 7 days. Its page shows the sign-in and asks
// for a button press: opening the link (as mail scanners do) ends nothing.
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { checkLinkToken, type LinkProblem, spendLinkToken } from "@/lib/links/tokens";
import { endSessions } from "./store";

export type ReportedSignIn = {
  email: string;
  session: { deviceLabel: string | null; ip: string | null; createdAt: Date } | null;
};

/** What the page shows: the sign-in the link is about, or null once it has ended. */
export async function reportedSignIn(
  token: string | undefined,
): Promise<{ ok: true; signIn: ReportedSignIn } | { ok: false; problem: LinkProblem }> {
  const check = await checkLinkToken(token, ["not_me"]);
  if (!check.ok) return check;
  const session = await db.session.findFirst({
    where: { id: check.link.sessionId ?? "", userId: check.link.userId },
    select: { deviceLabel: true, ip: true, createdAt: true },
  });
  return { ok: true, signIn: { email: check.link.email, session } };
}

/** Ends the link's session (if it still exists) and spends the link; the revocation reaches the edge through the feed. */
export async function endReportedSession(
  token: string,
  client: ClientInfo,
): Promise<{ ok: true; ended: number } | { ok: false; problem: LinkProblem }> {
  const check = await checkLinkToken(token, ["not_me"]);
  if (!check.ok) return check;
  const { link } = check;
  const ended = await db.$transaction(async (tx) => {
    if (!(await spendLinkToken(tx, link.id))) return null;
    const session = await tx.session.findFirst({
      where: { id: link.sessionId ?? "", userId: link.userId },
      select: { id: true, userId: true },
    });
    return session
      ? endSessions(tx, [session], "not_me", { action: "session.revoked", actorUserId: link.userId, client })
      : 0;
  });
  return ended === null ? { ok: false, problem: "used" } : { ok: true, ended };
}
