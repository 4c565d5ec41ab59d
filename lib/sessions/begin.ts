// What every new session gets, whichever way the user came in (password, an
// Auth.js provider, later passkeys): room under the per-user cap, the row with
// its device, IP and sign-in method, and the audit event. One function, so a new
// way in cannot forget one of them; the new-sign-in alert belongs here too.
import { audit } from "@/lib/audit";
import { config } from "@/lib/config/env";
import type { DbTx } from "@/lib/db/client";
import { insertSession, makeRoomForSession, type NewSession } from "./store";

/** Call inside the transaction that decides the sign-in, so all of it commits or none. */
export async function beginSession(tx: DbTx, session: NewSession & { signInMethod: string }) {
  const client = session.client ?? null;
  await makeRoomForSession(tx, session.userId, config().MAX_SESSIONS_PER_USER, {
    action: "session.revoked",
    client,
  });
  const row = await insertSession(tx, session);
  await audit(tx, {
    action: "session.created",
    actorUserId: session.userId,
    targetUserId: session.userId,
    sessionId: row.id,
    client,
    details: { method: session.signInMethod },
  });
  return row;
}
