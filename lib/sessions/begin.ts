// What every new session gets, whichever way the user came in (password, an
// Auth.js provider, later passkeys): room under the per-user cap, the row with
// its device, IP, sign-in method and authentication methods, the audit event,
// and the new-sign-in alert for a browser this account has not used lately.
// One function, so a new way in cannot forget one of them.
import { audit } from "@/lib/audit";
import { config } from "@/lib/config/env";
import type { DbTx } from "@/lib/db/client";
import { noteSignInDevice } from "./known-devices";
import { insertSession, makeRoomForSession, type NewSession } from "./store";

type Beginning = NewSession & {
  signInMethod: string;
  /** The browser's device cookie, if it sent one (lib/sessions/known-devices.ts). */
  deviceId?: string;
};

/**
 * Call inside the transaction that decides the sign-in, so all of it commits or
 * none. Returns the row and the device id the browser should keep in its cookie.
 */
export async function beginSession(tx: DbTx, session: Beginning) {
  const client = session.client ?? null;
  await makeRoomForSession(tx, session.userId, config().MAX_SESSIONS_PER_USER, {
    action: "session.revoked",
    client,
  });
  // RFC 8176 names a password "pwd"; a provider's sign-in is named after the provider.
  const amr = session.amr ?? [session.signInMethod === "password" ? "pwd" : session.signInMethod];
  const row = await insertSession(tx, { ...session, amr });
  await audit(tx, {
    action: "session.created",
    actorUserId: session.userId,
    targetUserId: session.userId,
    sessionId: row.id,
    client,
    details: { method: session.signInMethod },
  });
  const user = await tx.user.findUniqueOrThrow({
    where: { id: session.userId },
    select: { id: true, email: true, name: true },
  });
  const deviceId = await noteSignInDevice(tx, {
    user,
    sessionId: row.id,
    client: client ?? { ip: null, userAgent: null, deviceLabel: "Unknown device" },
    deviceId: session.deviceId,
  });
  return { ...row, amr, deviceId };
}
