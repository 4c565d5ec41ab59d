import type { Metadata } from "next";
import Link from "next/link";
import { ActionButton } from "@/app/_components/form";
import { resendVerificationAction } from "@/lib/auth/account-actions";
import { requireSession } from "@/lib/auth/current";
import { db } from "@/lib/db/client";
import { listActiveSessions } from "@/lib/sessions/store";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const session = await requireSession();
  const [devices, user] = await Promise.all([
    listActiveSessions(session.user.id),
    db.user.findUniqueOrThrow({ where: { id: session.user.id }, select: { emailVerified: true } }),
  ]);
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold">Dashboard</h1>
      {!user.emailVerified && (
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
      <section className="rounded-lg border border-slate-200 bg-white p-6">
        <p>
          Signed in as <strong>{session.user.email}</strong>
          {session.user.name && <> ({session.user.name})</>}
          {session.user.role === "admin" && <> · administrator</>}.
        </p>
        <p className="mt-2 text-slate-700">
          You are signed in on {devices.length} {devices.length === 1 ? "device" : "devices"}.{" "}
          <Link href="/devices" className="font-medium text-blue-800 underline">
            Devices
          </Link>
        </p>
      </section>
    </div>
  );
}
