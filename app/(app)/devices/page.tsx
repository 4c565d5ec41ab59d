import type { Metadata } from "next";
import { DoneStatus } from "@/app/_components/done-status";
import { ActionButton } from "@/app/_components/form";
import { Time } from "@/app/_components/time";
import { revokeOtherSessionsAction, revokeSessionAction } from "@/lib/actions/sessions";
import { apiClient } from "@/lib/api/clients";
import { requireSession } from "@/lib/auth/current";
import { signInMethodLabel } from "@/lib/auth/providers";
import { listActiveSessions } from "@/lib/sessions/store";

export const metadata: Metadata = { title: "Active devices" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function DevicesPage({ searchParams }: Props) {
  const session = await requireSession();
  const all = await listActiveSessions(session.user.id);
  // This device first, then the others by last activity.
  const devices = [
    ...all.filter((d) => d.id === session.sessionId),
    ...all.filter((d) => d.id !== session.sessionId),
  ];
  const others = devices.length - 1;
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold">Active devices</h1>
      <p className="text-slate-700">
        Every browser and program signed in to your account. Revoke any you do not recognise.
      </p>
      <DoneStatus params={await searchParams} />
      <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
        {devices.map((d) => {
          // An administrator's session as this user ("Sign in as user") says whose it is.
          const label = d.impersonator
            ? `Administrator (${d.impersonator.email})`
            : (d.deviceLabel ?? "Unknown device");
          const current = d.id === session.sessionId;
          return (
            <li key={d.id} className="flex flex-wrap items-center gap-x-6 gap-y-2 p-4">
              <div className="min-w-56 flex-1">
                <p className="font-semibold">
                  {label}
                  {current && (
                    <span className="ml-2 rounded bg-green-100 px-2 py-0.5 text-xs font-medium text-green-900">
                      This device
                    </span>
                  )}
                  {d.boundAt && (
                    <span className="ml-2 rounded bg-blue-100 px-2 py-0.5 text-xs font-medium text-blue-900">
                      Bound to this device
                    </span>
                  )}
                  {d.dpopJkt && (
                    <span className="ml-2 rounded bg-blue-100 px-2 py-0.5 text-xs font-medium text-blue-900">
                      Key-bound (DPoP)
                    </span>
                  )}
                </p>
                <p className="text-sm text-slate-700">
                  {d.clientId
                    ? `Device code: ${apiClient(d.clientId)?.name ?? d.clientId}`
                    : signInMethodLabel(d.signInMethod)}
                  {d.amr.split(" ").includes("otp") && " + authenticator app"}
                  {d.amr.split(" ").includes("recovery") && " + recovery code"} · IP {d.ip ?? "unknown"} ·
                  signed in <Time value={d.createdAt} /> · last active{" "}
                  <Time value={d.lastActiveAt} relative />
                </p>
              </div>
              {!current && (
                <ActionButton
                  action={revokeSessionAction}
                  label="Revoke"
                  accessibleName={`Revoke ${label}`}
                  values={{ sessionId: d.id }}
                />
              )}
            </li>
          );
        })}
      </ul>
      <div className="space-y-2">
        {others === 0 && <p className="text-sm text-slate-600">No other devices are signed in.</p>}
        <ActionButton action={revokeOtherSessionsAction} label="Sign out all other devices" />
      </div>
    </div>
  );
}
