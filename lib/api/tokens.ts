// The token pair an API client holds: a short-lived signed access token and an
// opaque refresh token (256 bits, stored as its SHA-256). Refreshing rotates the
// refresh token. The rotated one, presented again after API_REFRESH_REUSE_SECONDS,
// means a copy is loose (RFC 9700 section 4.14.2): the whole session ends, is
// audited and the owner is mailed. Within that grace, a client's second thread
// refreshing the same token gets the same successor and is not signed out.
import { config } from "@/lib/config/env";
import { sealer } from "@/lib/crypto/sealed";
import { randomToken, sha256Hex } from "@/lib/crypto/token";
import { type DbTx, db } from "@/lib/db/client";
import { mintAccessToken } from "@/lib/edge/access-token";
import type { ClientInfo } from "@/lib/http/client-info";
import { sendMailAfterResponse } from "@/lib/mail/after-response";
import { enqueueMail } from "@/lib/mail/outbox";
import { refreshReuseMail } from "@/lib/mail/templates";
import { endSessions, findSessionById } from "@/lib/sessions/store";
import type { ApiClient } from "./clients";
import { type OAuthError, oauthError } from "./responses";

const successorSeal = sealer("hybrid-auth refresh successor", "refresh token successor v1");

export type TokenResponse = {
  access_token: string;
  token_type: "Bearer" | "DPoP";
  expires_in: number;
  refresh_token: string;
  scope: string;
};

type TokenSession = { id: string; userId: string; authTime: Date; dpopJkt: string | null };

/** The answer of the token endpoint: a fresh access token beside `refresh`. */
async function tokenResponse(
  issuer: string,
  session: TokenSession,
  client: ApiClient,
  scope: string,
  refresh: string,
): Promise<TokenResponse> {
  const access = await mintAccessToken(issuer, {
    sub: session.userId,
    sid: session.id,
    client_id: client.id,
    scope,
    auth_time: Math.floor(session.authTime.getTime() / 1000),
    ...(session.dpopJkt ? { cnf: { jkt: session.dpopJkt } } : {}),
  });
  return {
    access_token: access.token,
    token_type: session.dpopJkt ? "DPoP" : "Bearer",
    expires_in: access.expiresIn,
    refresh_token: refresh,
    scope,
  };
}

/** The first pair of a new session; call inside the transaction that created it. */
export async function issueTokens(
  tx: DbTx,
  issuer: string,
  session: TokenSession,
  client: ApiClient,
  scope: string,
): Promise<TokenResponse> {
  const refresh = randomToken();
  await tx.apiRefreshToken.create({ data: { tokenHash: sha256Hex(refresh), sessionId: session.id, scope } });
  return tokenResponse(issuer, session, client, scope, refresh);
}

type Refresh = {
  refreshToken: string;
  client: ApiClient;
  /** The thumbprint of the key the request's DPoP proof was signed with, if it had one. */
  jkt: string | null;
  issuer: string;
  requestClient: ClientInfo;
  nowMs?: number;
};

export async function refreshTokens(r: Refresh): Promise<TokenResponse | OAuthError> {
  const now = new Date(r.nowMs ?? Date.now());
  const row = await db.apiRefreshToken.findUnique({
    where: { tokenHash: sha256Hex(r.refreshToken) },
    select: {
      id: true,
      sessionId: true,
      scope: true,
      rotatedAt: true,
      session: { select: { clientId: true, dpopJkt: true } },
    },
  });
  if (!row || row.session.clientId !== r.client.id)
    return oauthError("invalid_grant", "The refresh token is not valid.");
  if (row.session.dpopJkt && !r.jkt)
    return oauthError("invalid_dpop_proof", "This refresh token is bound to a key: send a DPoP proof.");
  if (row.session.dpopJkt && row.session.dpopJkt !== r.jkt)
    return oauthError("invalid_grant", "The refresh token is bound to another key.");
  // The session's own rules: absolute and idle timeouts, lock, "end every session".
  const found = await findSessionById(row.sessionId);
  if (!found) return oauthError("invalid_grant", "The session has ended: sign in again.");
  const session = {
    id: found.id,
    userId: found.userId,
    authTime: found.authTime,
    dpopJkt: row.session.dpopJkt,
  };

  if (!row.rotatedAt) {
    const successor = randomToken();
    const won = await db.$transaction(async (tx) => {
      // Only one of several concurrent refreshes of this token rotates it.
      const { count } = await tx.apiRefreshToken.updateMany({
        where: { id: row.id, rotatedAt: null },
        data: { rotatedAt: now, successor: await successorSeal.seal(successor) },
      });
      if (count === 0) return false;
      await tx.apiRefreshToken.create({
        data: { tokenHash: sha256Hex(successor), sessionId: row.sessionId, scope: row.scope },
      });
      return true;
    });
    if (won) return tokenResponse(r.issuer, session, r.client, row.scope, successor);
  }

  // Rotated already, by this client's other thread a moment ago or by a thief.
  const rotated = await db.apiRefreshToken.findUnique({
    where: { id: row.id },
    select: { rotatedAt: true, successor: true },
  });
  if (!rotated?.rotatedAt) return oauthError("invalid_grant", "The refresh token is not valid.");
  const graceMs = config().API_REFRESH_REUSE_SECONDS * 1000;
  if (rotated.successor && now.getTime() - rotated.rotatedAt.getTime() <= graceMs) {
    const successor = await successorSeal.open(rotated.successor);
    return tokenResponse(r.issuer, session, r.client, row.scope, successor);
  }
  await endForReuse(session, r.requestClient, now);
  return oauthError("invalid_grant", "The refresh token was used before: the session has ended.");
}

async function endForReuse(session: TokenSession, client: ClientInfo, now: Date) {
  await db.$transaction(async (tx) => {
    const row = await tx.session.findUnique({
      where: { id: session.id },
      select: { deviceLabel: true, ip: true, user: { select: { email: true, name: true } } },
    });
    if (!row) return;
    const ended = await endSessions(tx, [session], "refresh_reuse", { action: "api.refresh_reused", client });
    const device = { deviceLabel: row.deviceLabel ?? "a program", ip: row.ip };
    if (ended === 1) await enqueueMail(tx, refreshReuseMail(row.user, now, device));
  });
  sendMailAfterResponse();
}
