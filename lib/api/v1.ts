// Our own API on access tokens: who am I, my sessions, end one. Each handler
// runs behind apiRoute (./resource.ts), which has checked token, proof, session
// and scope; what it changes goes through the same code as the browser's.
import { config } from "@/lib/config/env";
import { bearerError } from "@/lib/edge/bearer";
import { revokeOwnSession, signOutSession } from "@/lib/sessions/revoke";
import { listActiveSessions } from "@/lib/sessions/store";
import { recentlyAuthenticated } from "@/lib/step-up/window";
import { apiClient } from "./clients";
import type { ApiContext } from "./resource";

export async function me(_req: Request, { session }: ApiContext): Promise<Response> {
  const { id, email, name, role, emailVerified } = session.user;
  return Response.json(
    { id, email, name, role, emailVerified: emailVerified !== null },
    { headers: { "cache-control": "no-store" } },
  );
}

export async function sessions(_req: Request, { session }: ApiContext): Promise<Response> {
  const rows = await listActiveSessions(session.userId);
  return Response.json(
    {
      sessions: rows.map((s) => ({
        id: s.id,
        device: s.deviceLabel ?? "Unknown device",
        ip: s.ip,
        method: s.signInMethod,
        client: s.clientId ? (apiClient(s.clientId)?.name ?? s.clientId) : null,
        keyBound: s.dpopJkt !== null || s.boundAt !== null,
        signedInAt: s.createdAt.toISOString(),
        lastActiveAt: s.lastActiveAt.toISOString(),
        current: s.id === session.id,
      })),
    },
    { headers: { "cache-control": "no-store" } },
  );
}

/**
 * Ends one of the user's sessions (this one too: that is signing out). Like the
 * browser's "Revoke", it needs a recent sign-in: past the step-up window the
 * client is told so (RFC 9470) and its user signs in again.
 */
export async function endSession(
  _req: Request,
  { session, client }: ApiContext,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await params;
  if (!recentlyAuthenticated(session))
    return bearerError(401, "insufficient_user_authentication", "Sign in again to end sessions.", {
      max_age: String(config().STEP_UP_MAX_AGE_SECONDS),
    });
  const ended =
    id === session.id
      ? await signOutSession(session.id, client)
      : await revokeOwnSession(session.userId, id, client);
  return ended
    ? new Response(null, { status: 204 })
    : Response.json({ error: "not_found", error_description: "No such session." }, { status: 404 });
}
