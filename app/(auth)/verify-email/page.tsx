import type { Metadata } from "next";
import { StatefulForm } from "@/app/_components/form";
import { LinkProblem } from "@/app/_components/link-problem";
import { verifyEmailAction } from "@/lib/actions/account";
import { checkLinkToken, linkProblemText } from "@/lib/links/tokens";

export const metadata: Metadata = { title: "Verify your email", referrer: "no-referrer" };

// Opening the link changes nothing (mail scanners open links): the button does.
export default async function VerifyEmailPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string }>;
}) {
  const { token } = await searchParams;
  const check = await checkLinkToken(typeof token === "string" ? token : undefined, ["verify_email"]);
  if (!check.ok)
    return (
      <LinkProblem title="This link does not work" text={linkProblemText(check.problem, "verification")} />
    );
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-bold">Verify your email</h1>
      <p className="text-slate-700">Confirm that {check.link.email} is your address.</p>
      <StatefulForm action={verifyEmailAction} name="Verify email" submit="Verify email">
        <input type="hidden" name="token" value={token} />
      </StatefulForm>
    </div>
  );
}
