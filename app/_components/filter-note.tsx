import { FILTER_MAX_USERS } from "@/lib/admin/queries";

/** Said when an email filter matched more accounts than the lists search through. */
export function TooManyAccountsNote({ email, shown }: { email?: string; shown: boolean }) {
  if (!shown || !email) return null;
  return (
    <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
      More than {FILTER_MAX_USERS} accounts match “{email}”; only the first {FILTER_MAX_USERS} by email are
      searched. Type more of the address to narrow it.
    </p>
  );
}
