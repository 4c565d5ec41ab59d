// "Confirm it's you": the user proves who they are again, with whatever the
// account has (password, authenticator code, passkey). Refusals count against
// the sign-in limiter, so a stolen cookie buys no extra guesses; success moves
// the session's authentication time to now and adds the method to its amr.
import { z } from "zod";
import { audit } from "@/lib/audit";
import { checkPassword, type PasswordCheck, refusalMessage } from "@/lib/auth/check-password";
import type { CurrentSession } from "@/lib/auth/current";
import { typedPassword } from "@/lib/auth/forms";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { type AuthenticationResponseJSON, verifyConfirmation } from "@/lib/passkeys/passkeys";
import { renewAuthentication } from "@/lib/reauth/renew";
import { beginAttempt } from "@/lib/security/login-throttle";
import { spendTotpCode } from "@/lib/two-factor/totp";
import { PROOF_FIELDS } from "@/lib/ui/form-names";

const typedProof = z.discriminatedUnion("method", [
  z.object({ method: z.literal("password"), password: typedPassword("Enter your password.") }),
  z.object({
    method: z.literal("code"),
    code: z
      .string()
      .transform((c) => c.replace(/\s/g, ""))
      .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app.")),
  }),
]);

export type TypedMethod = "password" | "code";

/**
 * A password or code sent with a form for "Confirm it's you" (none: null), and
 * the form's other fields, which the form sends again with the proof. `use`:
 * the user asked to confirm another way instead (no proof then).
 */
export function typedProofIn(fields: Record<string, string>): {
  proof: Proof | { error: string } | null;
  rest: Record<string, string>;
  use?: TypedMethod;
} {
  const names: string[] = Object.values(PROOF_FIELDS);
  const rest = Object.fromEntries(Object.entries(fields).filter(([k]) => !names.includes(k)));
  const use = fields[PROOF_FIELDS.use];
  if (use === "password" || use === "code") return { proof: null, rest, use };
  if (!(PROOF_FIELDS.method in fields)) return { proof: null, rest };
  const parsed = typedProof.safeParse({
    method: fields[PROOF_FIELDS.method],
    password: fields[PROOF_FIELDS.password],
    code: fields[PROOF_FIELDS.code],
  });
  if (!parsed.success)
    return { proof: { error: parsed.error.issues[0]?.message ?? "Confirm it's you." }, rest };
  return { proof: parsed.data, rest };
}

export type Proof =
  | { method: "password"; password: string }
  | { method: "code"; code: string }
  | { method: "passkey"; response: AuthenticationResponseJSON };

export type Confirmation = { ok: true; session: CurrentSession } | { ok: false; error: string };

const AMR = { password: "pwd", code: "otp", passkey: "passkey" } as const;

const WRONG = {
  password: "The password is incorrect.",
  code: "That code is not right, or it was used already. Wait for the next one.",
  passkey: "That passkey could not be verified. Use one registered to this account.",
} as const;

export async function confirmIdentity(
  session: CurrentSession,
  proof: Proof,
  client: ClientInfo,
): Promise<Confirmation> {
  const check = await checkProof(session, proof, client);
  const event = {
    actorUserId: session.user.id,
    targetUserId: session.user.id,
    sessionId: session.sessionId,
    client,
    details: { method: AMR[proof.method] },
  };
  if (!check.ok) {
    if (check.reason === "wrong") await audit(db, { action: "session.reauthentication_failed", ...event });
    return { ok: false, error: refusalMessage(check, WRONG[proof.method]) };
  }
  const renewed = await renewAuthentication(session, AMR[proof.method]);
  // Ended while the proof was being checked: nothing to confirm.
  if (!renewed) return { ok: false, error: "This session has ended. Sign in again." };
  await audit(db, { action: "session.reauthenticated", ...event });
  return { ok: true, session: renewed };
}

async function checkProof(session: CurrentSession, proof: Proof, client: ClientInfo): Promise<PasswordCheck> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: session.user.id },
    select: { id: true, passwordHash: true, totpSecret: true, totpLastStep: true },
  });
  if (proof.method === "password")
    return checkPassword({
      key: session.user.email,
      client,
      password: proof.password,
      hash: user.passwordHash,
      userId: user.id,
    });
  const attempt = await beginAttempt(session.user.email, client.ip);
  if (attempt.refused) return { ok: false, reason: "throttled", retryAfter: attempt.retryAfter };
  const right =
    proof.method === "code"
      ? user.totpSecret !== null &&
        (await spendTotpCode({ ...user, totpSecret: user.totpSecret }, proof.code))
      : await verifyConfirmation(proof.response, user.id);
  if (right) {
    await attempt.succeeded();
    return { ok: true };
  }
  return { ok: false, reason: "wrong", lockedFor: await attempt.failed() };
}
