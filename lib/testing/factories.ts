import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";

export function createUser(
  overrides: {
    role?: string;
    lockedAt?: Date;
    lockedUntil?: Date;
    lockedReason?: string;
    lockedById?: string;
  } = {},
) {
  const id = randomUUID().slice(0, 8);
  return db.user.create({ data: { email: `u-${id}@example.com`, name: `U ${id}`, ...overrides } });
}

export const testClient = { ip: "198.51.100.7", userAgent: "vitest", deviceLabel: "Test device" };

/**
 * A user with a row in every per-user table, each secret column holding a value
 * that says what it is, so a test can look for it anywhere: two sessions (one
 * with a DBSC challenge and a connect intent), a provider account with its
 * tokens, a passkey, recovery codes, a known device, mail links, a pending
 * sign-in, a WebAuthn challenge, Auth.js verification token, mail both ways,
 * throttle counters and audit events with the address, IP and user agent.
 */
export async function createFullAccount(overrides: { role?: string } = {}) {
  const tag = randomUUID().slice(0, 8);
  const email = `full-${tag}@example.com`;
  const secrets = {
    passwordHash: `$2b$04$passwordhash${tag}`,
    totpSecret: `totp-secret-${tag}`,
    totpPendingSecret: `totp-pending-${tag}`,
    sessionToken: `session-token-hash-${tag}`,
    otherSessionToken: `session-token-hash-2-${tag}`,
    access_token: `access-token-${tag}`,
    refresh_token: `refresh-token-${tag}`,
    id_token: `id-token-${tag}`,
    credentialID: `credential-id-${tag}`,
    credentialPublicKey: `public-key-${tag}`,
    deviceHash: `device-hash-${tag}`,
    codeHash: `code-hash-${tag}`,
    linkTokenHash: `link-token-hash-${tag}`,
    pendingTokenHash: `pending-token-hash-${tag}`,
    challenge: `webauthn-challenge-${tag}`,
    challengeHash: `binding-challenge-${tag}`,
    connectTokenHash: `connect-intent-${tag}`,
    verificationToken: `verification-token-${tag}`,
    boundKey: `bound-key-${tag}`,
    refreshTokenHash: `api-refresh-hash-${tag}`,
    refreshSuccessor: `api-refresh-successor-${tag}`,
    deviceCodeHash: `device-code-hash-${tag}`,
    userCodeHash: `user-code-hash-${tag}`,
    dpopJkt: `dpop-jkt-${tag}`,
  };
  const inAnHour = new Date(Date.now() + 3600_000);
  const user = await db.user.create({
    data: {
      email,
      name: `Full ${tag}`,
      role: overrides.role ?? "user",
      emailVerified: new Date(),
      passwordHash: secrets.passwordHash,
      totpSecret: secrets.totpSecret,
      totpPendingSecret: secrets.totpPendingSecret,
      totpEnabledAt: new Date(),
    },
  });
  const userId = user.id;
  const session = await db.session.create({
    data: {
      sessionToken: secrets.sessionToken,
      userId,
      expires: inAnHour,
      ip: testClient.ip,
      userAgent: testClient.userAgent,
      deviceLabel: testClient.deviceLabel,
      amr: "pwd otp",
      boundKey: secrets.boundKey,
      boundAt: new Date(),
    },
  });
  const other = await db.session.create({
    data: {
      sessionToken: secrets.otherSessionToken,
      userId,
      expires: inAnHour,
      ip: "203.0.113.9",
      userAgent: "other agent",
      deviceLabel: "Other device",
      signInMethod: "passkey",
    },
  });
  // An API client's session (lib/api): key-bound, with a rotated refresh token and its successor.
  const api = await db.session.create({
    data: {
      sessionToken: `api-session-${tag}`,
      userId,
      expires: inAnHour,
      ip: "192.0.2.77",
      userAgent: "hybrid-auth-cli/1.0",
      deviceLabel: "CLI",
      signInMethod: "device_code",
      clientId: "cli",
      dpopJkt: secrets.dpopJkt,
    },
  });
  await db.apiRefreshToken.create({
    data: {
      tokenHash: secrets.refreshTokenHash,
      sessionId: api.id,
      scope: "profile",
      rotatedAt: new Date(),
      successor: secrets.refreshSuccessor,
    },
  });
  await db.deviceAuthorization.create({
    data: {
      deviceCodeHash: secrets.deviceCodeHash,
      userCodeHash: secrets.userCodeHash,
      clientId: "cli",
      scope: "profile",
      expires: inAnHour,
      interval: 5,
      status: "approved",
      userId,
      authTime: new Date(),
    },
  });
  await db.bindingChallenge.create({
    data: { challengeHash: secrets.challengeHash, sessionId: session.id, expires: inAnHour },
  });
  await db.connectIntent.create({
    data: { tokenHash: secrets.connectTokenHash, sessionId: session.id, provider: "oidc", expires: inAnHour },
  });
  await db.account.create({
    data: {
      userId,
      type: "oidc",
      provider: "oidc",
      providerAccountId: `sub-${tag}`,
      access_token: secrets.access_token,
      refresh_token: secrets.refresh_token,
      id_token: secrets.id_token,
    },
  });
  await db.authenticator.create({
    data: {
      userId,
      credentialID: secrets.credentialID,
      providerAccountId: secrets.credentialID,
      credentialPublicKey: secrets.credentialPublicKey,
      counter: 7,
      credentialDeviceType: "multiDevice",
      credentialBackedUp: true,
      name: "Work laptop",
    },
  });
  await db.recoveryCode.create({ data: { userId, codeHash: secrets.codeHash } });
  await db.knownDevice.create({ data: { userId, deviceHash: secrets.deviceHash } });
  await db.linkToken.create({
    data: {
      tokenHash: secrets.linkTokenHash,
      purpose: "change_email",
      userId,
      email: `new-${email}`,
      expires: inAnHour,
    },
  });
  await db.pendingSignIn.create({
    data: { tokenHash: secrets.pendingTokenHash, userId, credentialsVersion: 0, expires: inAnHour },
  });
  await db.webAuthnChallenge.create({
    data: { challenge: secrets.challenge, purpose: "register", userId, expires: inAnHour },
  });
  await db.verificationToken.create({
    data: { identifier: email, token: secrets.verificationToken, expires: inAnHour },
  });
  for (const [to, status] of [
    [email, "queued"],
    [email, "sent"],
    [`new-${email}`, "queued"],
  ] as const)
    await db.mailMessage.create({ data: { kind: "test", to, subject: "s", text: "t", html: "h", status } });
  await db.rateLimiterFlexible.create({ data: { key: `login:account:${email}`, points: 2 } });
  const events = [
    { action: "session.created", sessionId: session.id, details: { method: "password" } },
    { action: "login.throttled", details: { scope: "account", refused: 1, email } },
    { action: "email.change_requested", details: { to: `new-${email}` } },
    { action: "passkey.added", details: { name: "Work laptop" } },
  ];
  for (const e of events)
    await db.auditEvent.create({
      data: {
        ...e,
        actorUserId: userId,
        targetUserId: userId,
        ip: testClient.ip,
        userAgent: testClient.userAgent,
      },
    });
  return { user, sessions: [session, other, api], secrets };
}
