import type { Metadata } from "next";
import Link from "next/link";
import { requireSession } from "@/lib/auth/current";
import { listActiveSessions } from "@/lib/sessions/store";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const session = await requireSession();
  const devices = await listActiveSessions(session.user.id);
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold">Dashboard</h1>
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
