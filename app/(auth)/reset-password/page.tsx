import type { Metadata } from "next";
import Link from "next/link";
import { StatefulForm } from "@/app/_components/form";
import { LinkProblem } from "@/app/_components/link-problem";
import { NewPasswordField } from "@/app/_components/new-password-field";
import { resetPasswordAction } from "@/lib/actions/account";
import { minPasswordLength } from "@/lib/auth/password-policy";
import { checkLinkToken, linkProblemText } from "@/lib/links/tokens";

export const metadata: Metadata = { title: "Set a new password", referrer: "no-referrer" };

export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string }>;
}) {
  const { token } = await searchParams;
  // Looked at, not spent: the link is spent only when the new password is set.
  const check = await checkLinkToken(typeof token === "string" ? token : undefined, ["reset_password"]);
  if (!check.ok)
    return (
      <LinkProblem
        title="This link does not work"
        text={linkProblemText(check.problem, "reset")}
        retry={
          <Link className="font-medium text-blue-800 underline" href="/forgot-password">
            Forgot password?
          </Link>
        }
      />
    );
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-bold">Set a new password</h1>
      <p className="text-slate-700">
        For {check.link.email}. Setting it signs out every device signed in to the account, this one included.
      </p>
      <StatefulForm action={resetPasswordAction} name="Choose a password" submit="Set new password">
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="username" autoComplete="username" value={check.link.email} />
        <NewPasswordField label="New password" name="newPassword" minLength={minPasswordLength()} />
      </StatefulForm>
    </div>
  );
}
