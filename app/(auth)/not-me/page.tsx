import type { Metadata } from "next";
import Link from "next/link";
import { StatefulForm } from "@/app/_components/form";
import { LinkProblem } from "@/app/_components/link-problem";
import { Time } from "@/app/_components/time";
import { endReportedSessionAction } from "@/lib/actions/sessions";
import { linkProblemText } from "@/lib/links/tokens";
import { reportedSignIn } from "@/lib/sessions/not-me";

export const metadata: Metadata = { title: "This wasn't me", referrer: "no-referrer" };

// Opening the link changes nothing (mail scanners open links): the button does.
export default async function NotMePage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const report = await reportedSignIn(typeof token === "string" ? token : undefined);
  const resetLink = (
    <Link className="font-medium text-blue-800 underline" href="/forgot-password">
      Forgot password?
    </Link>
  );
  if (!report.ok)
    return (
      <LinkProblem
        title="This link does not work"
        text={linkProblemText(report.problem, "sign-out")}
        retry={resetLink}
      />
    );
  const { session, email } = report.signIn;
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-bold">This wasn&apos;t me</h1>
      {session ? (
        <p className="text-slate-700">
          {email} was signed in on {session.deviceLabel ?? "an unknown device"} (IP address{" "}
          {session.ip ?? "unknown"}), <Time value={session.createdAt} />. Sign that device out now:
        </p>
      ) : (
        <p className="text-slate-700">That sign-in has ended already.</p>
      )}
      <StatefulForm
        action={endReportedSessionAction}
        name="Sign out that device"
        submit="Sign out that device"
      >
        <input type="hidden" name="token" value={token} />
      </StatefulForm>
      <p className="text-slate-700">Whoever it was knows your password: set a new one. {resetLink}</p>
    </div>
  );
}
