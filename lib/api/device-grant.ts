// The device authorization grant (RFC 8628): a CLI or TV asks for codes, shows
// the user code, and polls while its owner approves it on /device in a signed-in
// browser. Approval creates nothing; the device's next poll turns it into a
// session (lib/sessions/begin.ts, like every sign-in) and its first tokens.
import { randomInt } from "node:crypto";
import { audit } from "@/lib/audit";
import { config } from "@/lib/config/env";
import { randomToken, sha256Hex } from "@/lib/crypto/token";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { sendMailAfterResponse } from "@/lib/mail/after-response";
import { limiter, secondsLeft, take } from "@/lib/security/limiter";
import { beginSession } from "@/lib/sessions/begin";
import { isLocked } from "@/lib/users/lock";
import { type ApiClient, apiClient, grantedScopes } from "./clients";
import { type OAuthError, oauthError } from "./responses";
import { issueTokens, type TokenResponse } from "./tokens";

/** RFC 8628 section 6.1: consonants only, so no look-alikes (0/O, 1/I) and no words. */
export const USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
const USER_CODE_LENGTH = 8;
/** How much slower a device must poll after each slow_down (RFC 8628 section 3.5). */
const SLOW_DOWN_STEP_S = 5;

// Wrong codes entered, per person and per network: 20^8 codes cannot be guessed at this pace.
const missesPerUser = () => limiter("device-code-user", 5, 15 * 60, 15 * 60);
const missesPerIp = () => limiter("device-code-ip", 20, 15 * 60, 15 * 60);
// Asking needs no account: a network may start this many sign-ins in 15 minutes.
const requestsPerIp = () => limiter("device-authorization-ip", 30, 15 * 60);

function newUserCode(): string {
  let code = "";
  for (let i = 0; i < USER_CODE_LENGTH; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return code;
}

/** "BCDF-GHJK" as people write it: any case, with or without the dash or spaces; null if it cannot be a code. */
export function normalizeUserCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, "");
  if (code.length !== USER_CODE_LENGTH) return null;
  return [...code].every((c) => USER_CODE_ALPHABET.includes(c)) ? code : null;
}

export const formatUserCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

export async function startDeviceAuthorization(input: {
  client: ApiClient;
  scope: string | null;
  requestClient: ClientInfo;
  issuer: string;
}) {
  const scopes = grantedScopes(input.client, input.scope);
  if (!scopes)
    return oauthError("invalid_scope", "A scope asked for is unknown or not allowed for this client.");
  // Without an address (plain `next start`, no trusted proxy header) there is nothing to count by.
  if (input.requestClient.ip) {
    const taken = await take(requestsPerIp(), input.requestClient.ip);
    if ("over" in taken)
      return oauthError(
        "slow_down",
        `Too many sign-in requests from this address: try again in ${secondsLeft(taken.over)} seconds.`,
      );
  }
  const deviceCode = randomToken();
  const userCode = newUserCode();
  const { API_DEVICE_CODE_TTL_SECONDS: ttl, API_DEVICE_POLL_SECONDS: interval } = config();
  await db.deviceAuthorization.create({
    data: {
      deviceCodeHash: sha256Hex(deviceCode),
      userCodeHash: sha256Hex(userCode),
      clientId: input.client.id,
      scope: scopes.join(" "),
      ip: input.requestClient.ip,
      userAgent: input.requestClient.userAgent,
      deviceLabel: input.requestClient.deviceLabel,
      expires: new Date(Date.now() + ttl * 1000),
      interval,
    },
  });
  const verification = `${input.issuer}/device`;
  return {
    device_code: deviceCode,
    user_code: formatUserCode(userCode),
    verification_uri: verification,
    verification_uri_complete: `${verification}?code=${formatUserCode(userCode)}`,
    expires_in: ttl,
    interval,
  };
}

export type DeviceRequest = {
  clientName: string;
  scopes: string[];
  ip: string | null;
  deviceLabel: string | null;
  expires: Date;
};
export type DeviceRequestProblem = "malformed" | "unknown" | "throttled";

/** What the person on /device is told, in one place for the page and its buttons. */
export const DEVICE_CODE_PROBLEMS: Record<DeviceRequestProblem, string> = {
  malformed: "That is not a code from a device. Check what your device shows.",
  unknown:
    "That code is not valid, was used already or has expired. Check your device, or start again there.",
  throttled: "Too many wrong codes. Wait 15 minutes, then try again.",
};

type Person = { userId: string; client: ClientInfo };

/**
 * The pending request a user code names, for the person about to approve it.
 * Wrong codes count against the person and their IP, and past the limit even a
 * right code is refused, so codes cannot be guessed.
 */
export async function findDeviceRequest(
  input: string,
  who: Person,
): Promise<
  { ok: true; code: string; request: DeviceRequest } | { ok: false; problem: DeviceRequestProblem }
> {
  const [perUser, perIp] = [missesPerUser(), missesPerIp()];
  const keys = [
    [perUser, who.userId],
    [perIp, who.client.ip ?? "unknown"],
  ] as const;
  for (const [l, key] of keys) {
    const used = await l.get(key);
    if (used && used.consumedPoints >= l.points) return { ok: false, problem: "throttled" };
  }
  const code = normalizeUserCode(input);
  const row = code
    ? await db.deviceAuthorization.findUnique({ where: { userCodeHash: sha256Hex(code) } })
    : null;
  const client = row && apiClient(row.clientId);
  if (!code || !row || !client || row.status !== "pending" || row.expires <= new Date()) {
    for (const [l, key] of keys) await take(l, key);
    await audit(db, {
      action: "api.device_code_refused",
      actorUserId: who.userId,
      targetUserId: who.userId,
      client: who.client,
    });
    return { ok: false, problem: code ? "unknown" : "malformed" };
  }
  return {
    ok: true,
    code,
    request: {
      clientName: client.name,
      scopes: row.scope.split(" "),
      ip: row.ip,
      deviceLabel: row.deviceLabel,
      expires: row.expires,
    },
  };
}

type Approver = Person & { sessionId: string; authTime: Date; amr: string[] };

/** Approve or deny: only a pending, unexpired request, once (a conditional update). */
export async function decideDeviceRequest(
  input: string,
  decision: "approve" | "deny",
  who: Approver,
): Promise<{ ok: true } | { ok: false; problem: DeviceRequestProblem }> {
  const found = await findDeviceRequest(input, who);
  if (!found.ok) return found;
  const approved = decision === "approve";
  return db.$transaction(async (tx) => {
    const { count } = await tx.deviceAuthorization.updateMany({
      where: { userCodeHash: sha256Hex(found.code), status: "pending", expires: { gt: new Date() } },
      data: approved
        ? { status: "approved", userId: who.userId, authTime: who.authTime, amr: who.amr.join(" ") }
        : { status: "denied", userId: who.userId },
    });
    if (count === 0) return { ok: false, problem: "unknown" } as const;
    await audit(tx, {
      action: approved ? "api.device_approved" : "api.device_denied",
      actorUserId: who.userId,
      targetUserId: who.userId,
      sessionId: who.sessionId,
      client: who.client,
      details: { client: found.request.clientName, scope: found.request.scopes.join(" ") },
    });
    return { ok: true } as const;
  });
}

type Exchange = {
  deviceCode: string;
  client: ApiClient;
  jkt: string | null;
  issuer: string;
  requestClient: ClientInfo;
};

/** The token endpoint's device_code grant: one of RFC 8628's answers, or the first tokens. */
export async function exchangeDeviceCode(x: Exchange): Promise<TokenResponse | OAuthError> {
  const now = new Date();
  const row = await db.deviceAuthorization.findUnique({ where: { deviceCodeHash: sha256Hex(x.deviceCode) } });
  if (!row || row.clientId !== x.client.id)
    return oauthError("invalid_grant", "The device code is not valid.");
  if (row.status === "spent") return oauthError("invalid_grant", "The device code was used already.");
  if (row.expires <= now) return oauthError("expired_token", "The device code expired: start again.");
  if (row.status === "denied") return oauthError("access_denied", "The request was denied.");
  if (row.polledAt && now.getTime() - row.polledAt.getTime() < row.interval * 1000) {
    await db.deviceAuthorization.update({
      where: { id: row.id },
      data: { polledAt: now, interval: row.interval + SLOW_DOWN_STEP_S },
    });
    return oauthError("slow_down", `Poll at most every ${row.interval + SLOW_DOWN_STEP_S} seconds.`);
  }
  await db.deviceAuthorization.update({ where: { id: row.id }, data: { polledAt: now } });
  if (row.status !== "approved" || !row.userId || !row.authTime)
    return oauthError("authorization_pending", "Waiting for the user to approve.");
  const userId = row.userId;
  const authTime = row.authTime;

  const result = await db.$transaction(async (tx) => {
    // Exchanged once: a second poll racing this one finds it spent.
    const { count } = await tx.deviceAuthorization.updateMany({
      where: { id: row.id, status: "approved" },
      data: { status: "spent" },
    });
    if (count === 0) return oauthError("invalid_grant", "The device code was used already.");
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: { lockedAt: true, lockedUntil: true },
    });
    if (!user || isLocked(user, now)) return oauthError("access_denied", "The account cannot sign in.");
    const known = x.requestClient.deviceLabel !== "Unknown device";
    const session = await beginSession(tx, {
      sessionToken: randomToken(), // never handed out: no cookie can name this session
      userId,
      client: {
        ...x.requestClient,
        deviceLabel: known ? `${x.client.name} on ${x.requestClient.deviceLabel}` : x.client.name,
      },
      signInMethod: "device_code",
      amr: row.amr ? row.amr.split(" ") : undefined,
      authTime,
      clientId: x.client.id,
      dpopJkt: x.jkt,
    });
    return issueTokens(tx, x.issuer, { ...session, authTime, dpopJkt: x.jkt }, x.client, row.scope);
  });
  sendMailAfterResponse();
  return result;
}
