// "Download my data": what the app holds about the signed-in user, as JSON. Every
// read names its columns, so a column added later (a hash, a secret, a token)
// stays out of the file until someone decides it belongs there.
import { ownActivity } from "@/lib/activity/events";
import { signInMethodLabel } from "@/lib/auth/providers";
import { db } from "@/lib/db/client";
import { activeSessionWhere } from "@/lib/sessions/store";

export async function exportAccountData(userId: string) {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      name: true,
      email: true,
      emailVerified: true,
      image: true,
      role: true,
      createdAt: true,
      updatedAt: true,
      totpEnabledAt: true,
    },
  });
  if (!user) return null;
  const [sessions, knownDevices, accounts, passkeys, activity] = await Promise.all([
    db.session.findMany({
      where: { userId, ...activeSessionWhere() },
      orderBy: { lastActiveAt: "desc" },
      select: {
        id: true,
        deviceLabel: true,
        ip: true,
        userAgent: true,
        createdAt: true,
        lastActiveAt: true,
        signInMethod: true,
        amr: true,
        impersonator: { select: { email: true } },
      },
    }),
    db.knownDevice.findMany({
      where: { userId },
      orderBy: { lastSeenAt: "desc" },
      select: { createdAt: true, lastSeenAt: true },
    }),
    db.account.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
      select: { provider: true, providerAccountId: true, createdAt: true },
    }),
    db.authenticator.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
      select: {
        name: true,
        createdAt: true,
        lastUsedAt: true,
        credentialDeviceType: true,
        credentialBackedUp: true,
      },
    }),
    ownActivity(userId, user.createdAt),
  ]);
  const { totpEnabledAt, ...profile } = user;
  return {
    exportedAt: new Date(),
    profile: { ...profile, twoFactorEnabledAt: totpEnabledAt },
    sessions: sessions.map(({ impersonator, amr, signInMethod, ...s }) => ({
      ...s,
      signInMethod: signInMethodLabel(signInMethod),
      withAuthenticatorApp: amr.split(" ").includes("otp"),
      // "Sign in as user": the administrator at the keyboard, as the devices page names them.
      administrator: impersonator?.email ?? null,
    })),
    knownDevices: knownDevices.map((d) => ({ firstSeen: d.createdAt, lastSeen: d.lastSeenAt })),
    connectedAccounts: accounts,
    passkeys: passkeys.map((p) => ({
      name: p.name,
      createdAt: p.createdAt,
      lastUsedAt: p.lastUsedAt,
      syncedAcrossDevices: p.credentialBackedUp,
      kind: p.credentialDeviceType,
    })),
    activity: activity.map(({ at, what, by, device, ip }) => ({ at, what, by, device, ip })),
  };
}

export type AccountExport = NonNullable<Awaited<ReturnType<typeof exportAccountData>>>;
