// Step-up: ending sessions, changing how the account is entered and every admin
// action need the user to have proved who they are on this session within
// STEP_UP_MAX_AGE_SECONDS. The clock starts at sign-in and restarts at each
// confirmation, never at activity, so a session kept alive for days (or a
// cookie copied to another browser) cannot act on the account once the window
// has passed without the password, a code, a passkey or a fresh provider sign-in.
import type { CurrentSession } from "@/lib/auth/current";
import { type ProviderInfo, reauthenticatingProviders } from "@/lib/auth/providers";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";

/** What the "Confirm it's you" dialog can offer this account. */
export type StepUpMethods = { password: boolean; code: boolean; passkey: boolean; providers: ProviderInfo[] };

export function recentlyAuthenticated(session: Pick<CurrentSession, "authTime">, now = new Date()): boolean {
  return now.getTime() - session.authTime.getTime() < config().STEP_UP_MAX_AGE_SECONDS * 1000;
}

export async function confirmationMethods(userId: string): Promise<StepUpMethods> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      passwordHash: true,
      totpSecret: true,
      accounts: { select: { provider: true } },
      _count: { select: { authenticators: true } },
    },
  });
  return {
    password: Boolean(user?.passwordHash),
    code: Boolean(user?.totpSecret),
    passkey: (user?._count.authenticators ?? 0) > 0,
    providers: reauthenticatingProviders(user?.accounts.map((a) => a.provider) ?? []),
  };
}

/**
 * The methods to confirm with when the window has passed, or null when the
 * session may act now. An account entered only through a provider that cannot
 * re-authenticate (GitHub) has nothing this app can check, so for it the window
 * is not enforced (README: step-up).
 */
export async function stepUpNeeded(
  session: Pick<CurrentSession, "authTime" | "user">,
): Promise<StepUpMethods | null> {
  if (recentlyAuthenticated(session)) return null;
  const methods = await confirmationMethods(session.user.id);
  return methods.password || methods.code || methods.passkey || methods.providers.length > 0 ? methods : null;
}
