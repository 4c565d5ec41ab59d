import type { Metadata } from "next";
import Link from "next/link";
import { ActionButton } from "@/app/_components/form";
import { Time } from "@/app/_components/time";
import { securityOverview } from "@/lib/account/overview";
import { resendVerificationAction } from "@/lib/actions/account";
import { requireSession } from "@/lib/auth/current";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const session = await requireSession();
  const overview = await securityOverview(session.user.id);
  const { devices } = overview;
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold">Dashboard</h1>
      {!overview.emailVerified && (
        <section
          aria-label="Email verification"
          className="flex flex-wrap items-center gap-3 rounded-lg border border-amber-300 bg-amber-50 p-4"
        >
          <p className="text-amber-900">
            Your email address is not verified yet: open the link we sent to {session.user.email}.
          </p>
          <ActionButton action={resendVerificationAction} label="Resend verification email" tone="neutral" />
        </section>
      )}
      {overview.passwordListed && (
        <p role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-900">
          Your password appears in lists of breached or common passwords, so others may guess it. Please{" "}
          <Link href="/settings/password" className="font-medium text-blue-800 underline">
            change your password
          </Link>
          .
        </p>
      )}
      <section className="rounded-lg border border-slate-200 bg-white p-6">
        <p>
          Signed in as <strong>{session.user.email}</strong>
          {session.user.name && <> ({session.user.name})</>}
          {session.user.role === "admin" && <> · administrator</>}.
        </p>
        <p className="mt-2 text-slate-700">
          You are signed in on {devices} {devices === 1 ? "device" : "devices"}.{" "}
          <Link href="/devices" className="font-medium text-blue-800 underline">
            Devices
          </Link>
        </p>
      </section>
      <section
        aria-labelledby="overview"
        className="space-y-4 rounded-lg border border-slate-200 bg-white p-6"
      >
        <h2 id="overview" className="text-xl font-bold">
          Security overview
        </h2>
        <ul aria-label="Security checks" className="divide-y divide-slate-200">
          {overview.checks.map((c) => (
            <li key={c.name} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-3">
              <div className="min-w-0 flex-1">
                <p className="font-semibold">
                  {c.name}
                  {c.missing && (
                    <span className="ml-2 rounded bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">
                      Missing
                    </span>
                  )}
                </p>
                <p className="text-sm text-slate-700">{c.status}</p>
              </div>
              <Link
                href={c.action.href}
                className={
                  c.missing
                    ? "rounded-md bg-blue-700 px-3 py-1 text-sm font-semibold text-white hover:bg-blue-800"
                    : "text-sm font-medium text-blue-800 underline"
                }
              >
                {c.action.label}
              </Link>
            </li>
          ))}
        </ul>
        <h3 className="font-semibold">Recent security events</h3>
        {overview.recent.length > 0 ? (
          <ul aria-label="Recent security events" className="space-y-1 text-sm text-slate-700">
            {overview.recent.map((e) => (
              <li key={e.id}>
                <Time value={e.at} relative />: <span className="text-slate-900">{e.what}</span>, {e.by}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-600">No events yet.</p>
        )}
        <Link href="/settings/activity" className="inline-block text-sm font-medium text-blue-800 underline">
          All security activity
        </Link>
      </section>
    </div>
  );
}
