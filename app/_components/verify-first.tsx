import { ActionButton } from "@/app/_components/form";
import { resendVerificationAction } from "@/lib/actions/account";

/**
 * In place of a way into the account that needs a verified address (a passkey,
 * an authenticator app): says why, and offers the one step that helps.
 */
export function VerifyFirst({ email, what }: { email: string; what: string }) {
  return (
    <section
      aria-label="Email verification"
      className="flex flex-wrap items-center gap-3 rounded-lg border border-amber-300 bg-amber-50 p-4"
    >
      <p role="status" className="text-amber-900">
        Verify your email first: {what} can be added once you have opened the link we sent to {email}.
      </p>
      <ActionButton action={resendVerificationAction} label="Resend verification email" tone="neutral" />
    </section>
  );
}
