import { stopImpersonatingAction } from "@/lib/actions/impersonation";
import { ActionButton } from "./form";

/** On every page while an administrator is signed in as a user, so it is never forgotten. */
export function ImpersonationBanner({ email, admin }: { email: string; admin: string }) {
  return (
    <section aria-label="Impersonation" className="border-b border-amber-300 bg-amber-100">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-3 px-4 py-2 text-sm text-amber-950">
        <p className="min-w-0 flex-1 break-words">
          You are signed in as <strong>{email}</strong> by {admin}. Changes to how the account is entered are
          not allowed; this session ends within an hour of its start.
        </p>
        <ActionButton action={stopImpersonatingAction} label="Stop impersonating" tone="neutral" />
      </div>
    </section>
  );
}
