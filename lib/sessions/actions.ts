"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { sensitiveAction, validatedAction } from "@/lib/actions/validated-action";
import { db } from "@/lib/db/client";
import { clientInfo } from "@/lib/http/client-info";
import { linkProblemText } from "@/lib/links/tokens";
import { endReportedSession } from "./not-me";
import { endOtherSessions, endSessions } from "./store";

const revokeForm = z.object({ sessionId: z.string().min(1).max(64) });

/** Revokes one of the signed-in user's other sessions, by id and owner; never by token. */
export const revokeSessionAction = sensitiveAction(revokeForm, async ({ sessionId }, session) => {
  if (sessionId === session.sessionId) return { error: "Use Sign out to end this device's session." };
  const client = clientInfo(await headers());
  const ended = await db.$transaction(async (tx) => {
    const target = await tx.session.findFirst({
      where: { id: sessionId, userId: session.user.id },
      select: { id: true, userId: true },
    });
    if (!target) return 0;
    return endSessions(tx, [target], "revoked", {
      action: "session.revoked",
      actorUserId: session.user.id,
      client,
    });
  });
  revalidatePath("/devices");
  return ended ? { success: "The device was signed out." } : { error: "That session no longer exists." };
});

export const revokeOtherSessionsAction = sensitiveAction(z.object({}), async (_input, session) => {
  const client = clientInfo(await headers());
  const ended = await db.$transaction((tx) =>
    endOtherSessions(tx, session.user.id, session.sessionId, "revoked_others", {
      action: "session.revoked",
      actorUserId: session.user.id,
      client,
    }),
  );
  revalidatePath("/devices");
  return { success: `${ended} other ${ended === 1 ? "device was" : "devices were"} signed out.` };
});

/** From a new-sign-in mail's "This wasn't me" page: needs the link, not a session (the reader may be signed out). */
export const endReportedSessionAction = validatedAction(
  z.object({ token: z.string().min(1).max(100) }),
  async ({ token }) => {
    const outcome = await endReportedSession(token, clientInfo(await headers()));
    if (!outcome.ok) return { error: linkProblemText(outcome.problem, "sign-out") };
    return {
      success: outcome.ended
        ? "That device was signed out. Now set a new password, so it cannot sign in again."
        : "That device had signed out already. Set a new password, so it cannot sign in again.",
    };
  },
);
