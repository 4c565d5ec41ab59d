import type { Metadata } from "next";
import Link from "next/link";
import { Field } from "@/app/_components/fields";
import { StatefulForm } from "@/app/_components/form";
import { verifySecondFactorAction } from "@/lib/actions/two-factor";
import { readPendingSignInCookie } from "@/lib/auth/credentials";
import { safeNextPath } from "@/lib/auth/forms";
import { EXPIRED, pendingSignInOpen } from "@/lib/two-factor/pending";

export const metadata: Metadata = { title: "Two-factor sign-in" };

type Props = { searchParams: Promise<{ next?: string; recovery?: string }> };

export default async function SecondFactorPage({ searchParams }: Props) {
  const { next, recovery } = await searchParams;
  const target = safeNextPath(typeof next === "string" ? next : undefined);
  const link = "font-medium text-blue-800 underline";
  if (!(await pendingSignInOpen(await readPendingSignInCookie())))
    return (
      <div className="mx-auto max-w-sm space-y-4">
        <h1 className="text-2xl font-bold">Two-factor sign-in</h1>
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {EXPIRED}
        </p>
        <Link className={link} href={`/login?next=${encodeURIComponent(target)}`}>
          Sign in
        </Link>
      </div>
    );
  const useRecovery = recovery === "1";
  const other = new URLSearchParams({ next: target, ...(useRecovery ? {} : { recovery: "1" }) });
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-bold">Two-factor sign-in</h1>
      <p className="text-slate-700">
        {useRecovery
          ? "Enter one of your recovery codes. Each works once."
          : "Enter the code your authenticator app shows for this account."}
      </p>
      <StatefulForm action={verifySecondFactorAction} name="Second factor" submit="Verify">
        <input type="hidden" name="kind" value={useRecovery ? "recovery" : "otp"} />
        <input type="hidden" name="next" value={target} />
        {useRecovery ? (
          <Field label="Recovery code" name="code" autoComplete="off" maxLength={20} />
        ) : (
          <Field label="Authentication code" name="code" autoComplete="one-time-code" maxLength={20} />
        )}
      </StatefulForm>
      <Link className={link} href={`/login/two-factor?${other}`}>
        {useRecovery ? "Use your authenticator app" : "Use a recovery code"}
      </Link>
    </div>
  );
}
