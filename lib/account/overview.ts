// The dashboard's security overview, in the spirit of a "security checkup": what
// protects the account now, what is missing, and the one place to act on each,
// with the latest of the user's own security events. One read of the user, one
// count of the sessions, one page of events.
import { type ActivityRow, ownActivity } from "@/lib/activity/events";
import { signInProviders } from "@/lib/auth/providers";
import { db } from "@/lib/db/client";
import { activeSessionWhere } from "@/lib/sessions/store";

/** How many events the overview shows; the rest are a link away (/settings/activity). */
export const RECENT_EVENTS = 5;

/** `missing`: a protection the account lacks (the page says so in words, not by colour alone). */
export type Check = {
  name: string;
  missing: boolean;
  status: string;
  action: { label: string; href: string };
};

export type SecurityOverview = {
  emailVerified: boolean;
  /** The password is in a breached or common list (lib/auth/breached.ts): the dashboard asks for a new one. */
  passwordListed: boolean;
  devices: number;
  checks: Check[];
  recent: ActivityRow[];
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export async function securityOverview(userId: string): Promise<SecurityOverview> {
  const [user, devices] = await Promise.all([
    db.user.findUniqueOrThrow({
      where: { id: userId },
      select: {
        createdAt: true,
        emailVerified: true,
        passwordListedAt: true,
        totpEnabledAt: true,
        accounts: { select: { provider: true } },
        _count: { select: { authenticators: true } },
      },
    }),
    db.session.count({ where: { userId, ...activeSessionWhere() } }),
  ]);
  const recent = await ownActivity(userId, user.createdAt, RECENT_EVENTS);
  const passkeys = user._count.authenticators;
  const providers = signInProviders();
  const connected = providers.filter((p) => user.accounts.some((a) => a.provider === p.id));
  const checks: Check[] = [
    user.totpEnabledAt
      ? {
          name: "Two-factor authentication",
          missing: false,
          status: "On: sign-ins with your password also ask for a code.",
          action: { label: "Manage two-factor", href: "/settings/two-factor" },
        }
      : {
          name: "Two-factor authentication",
          missing: true,
          status: "Off: your password alone signs in.",
          action: { label: "Turn on two-factor", href: "/settings/two-factor" },
        },
    passkeys > 0
      ? {
          name: "Passkeys",
          missing: false,
          status: `${plural(passkeys, "passkey", "passkeys")}: sign in without typing a password.`,
          action: { label: "Manage passkeys", href: "/settings/passkeys" },
        }
      : {
          name: "Passkeys",
          missing: true,
          status: "None yet: a passkey signs you in with your device's lock, and cannot be phished.",
          action: { label: "Add a passkey", href: "/settings/passkeys" },
        },
  ];
  // Only when the server offers providers: otherwise there is nothing to connect.
  if (providers.length > 0)
    checks.push({
      name: "Connected accounts",
      missing: false,
      status:
        connected.length > 0
          ? `Signs in with ${connected.map((p) => p.name).join(", ")} too.`
          : `None: you can also sign in with ${providers.map((p) => p.name).join(" or ")}.`,
      action: { label: "Manage connected accounts", href: "/settings/accounts" },
    });
  checks.push({
    name: "Devices",
    missing: false,
    status: `Signed in on ${plural(devices, "device", "devices")}.`,
    action: { label: `Review ${plural(devices, "device", "devices")}`, href: "/devices" },
  });
  return {
    emailVerified: user.emailVerified !== null,
    passwordListed: user.passwordListedAt !== null,
    devices,
    checks,
    recent,
  };
}
