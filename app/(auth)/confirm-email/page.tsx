import type { Metadata } from "next";
import { StatefulForm } from "@/app/_components/form";
import { LinkProblem } from "@/app/_components/link-problem";
import { confirmEmailChangeAction } from "@/lib/actions/account";
import { checkLinkToken, linkProblemText } from "@/lib/links/tokens";

export const metadata: Metadata = { title: "Confirm your new address", referrer: "no-referrer" };

// Opening the link changes nothing (mail scanners open links): the button does.
export default async function ConfirmEmailPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string }>;
}) {
  const { token } = await searchParams;
  const check = await checkLinkToken(typeof token === "string" ? token : undefined, ["change_email"]);
  if (!check.ok)
    return (
      <LinkProblem title="This link does not work" text={linkProblemText(check.problem, "confirmation")} />
    );
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-bold">Confirm your new address</h1>
      <p className="text-slate-700">
        Sign in with {check.link.email} instead of {check.link.user.email} from now on.
      </p>
      <StatefulForm action={confirmEmailChangeAction} name="Confirm new address" submit="Confirm new address">
        <input type="hidden" name="token" value={token} />
      </StatefulForm>
    </div>
  );
}
