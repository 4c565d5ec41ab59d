// REQUIRE_ADMIN_MFA: admin pages and actions need a session whose sign-in used
// a second factor or a passkey. Edge-safe (middleware reads the edge token's
// amr with it; pages and actions read the database session's). On unless set to
// "false"; our server sets that default for a loopback demo outside production.
const SECOND_FACTORS = new Set(["otp", "recovery", "passkey"]);

export function adminMfaRequired(env: Record<string, string | undefined> = process.env): boolean {
  return env.REQUIRE_ADMIN_MFA !== "false";
}

export function hasSecondFactor(amr: readonly string[] | undefined): boolean {
  return Boolean(amr?.some((m) => SECOND_FACTORS.has(m)));
}

/** Where an administrator without one is sent. */
export const ADMIN_MFA_SETUP = "/settings/two-factor?required=admin";
