"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { doneOnPage } from "@/lib/actions/done";
import { sensitiveAction, validatedAction } from "@/lib/actions/validated-action";
import { linkProblemText } from "@/lib/links/tokens";
import { endReportedSession } from "@/lib/sessions/not-me";
import { revokeOwnOtherSessions, revokeOwnSession } from "@/lib/sessions/revoke";

const revokeForm = z.object({ sessionId: z.string().min(1).max(64) });

export const revokeSessionAction = sensitiveAction(revokeForm, async ({ sessionId }, { session, client }) => {
  if (sessionId === session.sessionId) return { error: "Use Sign out to end this device's session." };
  const ended = await revokeOwnSession(session.user.id, sessionId, client);
  revalidatePath("/devices");
  // The answer would go with the device's row: the page says it instead.
  return ended ? doneOnPage("device-signed-out") : { error: "That session no longer exists." };
});

export const revokeOtherSessionsAction = sensitiveAction(
  z.object({}),
  async (_input, { session, client }) => {
    const ended = await revokeOwnOtherSessions(session.user.id, session.sessionId, client);
    revalidatePath("/devices");
    return { success: `${ended} other ${ended === 1 ? "device was" : "devices were"} signed out.` };
  },
);

/** From a new-sign-in mail's "This wasn't me" page: needs the link, not a session (the reader may be signed out). */
export const endReportedSessionAction = validatedAction(
  z.object({ token: z.string().min(1).max(100) }),
  async ({ token }, { client }) => {
    const outcome = await endReportedSession(token, client);
    if (!outcome.ok) return { error: linkProblemText(outcome.problem, "sign-out") };
    return {
      success: outcome.ended
        ? "That device was signed out. Now set a new password, so it cannot sign in again."
        : "That device had signed out already. Set a new password, so it cannot sign in again.",
    };
  },
);
