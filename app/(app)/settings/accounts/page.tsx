import type { Metadata } from "next";
import { DoneStatus } from "@/app/_components/done-status";
import { ActionButton } from "@/app/_components/form";
import { Time } from "@/app/_components/time";
import { connectAccountAction, disconnectAccountAction } from "@/lib/actions/providers";
import { listConnections } from "@/lib/auth/connected-accounts";
import { requireSession } from "@/lib/auth/current";
import { connectErrorMessage } from "@/lib/auth/provider-errors";

export const metadata: Metadata = { title: "Connected accounts" };

export default async function ConnectedAccountsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireSession();
  const params = await searchParams;
  const { error } = params;
  const problem = connectErrorMessage(typeof error === "string" ? error : undefined);
  const connections = await listConnections(session.user.id);
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold">Connected accounts</h1>
      {problem && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {problem}
        </p>
      )}
      <DoneStatus params={params} />
      <p className="text-slate-700">
        Sign in with any account connected here. Connecting one takes you to the provider and back.
      </p>
      {connections.length === 0 ? (
        <p className="text-slate-700">No sign-in providers are configured on this server.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {connections.map((c) => (
            <li key={c.id} className="flex flex-wrap items-center gap-x-6 gap-y-2 p-4">
              <div className="min-w-56 flex-1">
                <p className="font-semibold">{c.name}</p>
                {c.links.length === 0 && <p className="text-sm text-slate-700">Not connected</p>}
                {c.links.map((link) => (
                  <p key={link.providerAccountId} className="text-sm text-slate-700">
                    Connected <Time value={link.connectedAt} /> as {link.label}
                  </p>
                ))}
              </div>
              {c.links.length === 0 ? (
                <ActionButton
                  action={connectAccountAction}
                  label={`Connect ${c.name}`}
                  values={{ provider: c.id }}
                  tone="neutral"
                />
              ) : (
                c.links.map((link) => (
                  <ActionButton
                    key={link.providerAccountId}
                    action={disconnectAccountAction}
                    // Several links of one provider: each button names its account.
                    label={
                      c.links.length === 1 ? `Disconnect ${c.name}` : `Disconnect ${c.name} (${link.label})`
                    }
                    values={{ provider: c.id, providerAccountId: link.providerAccountId }}
                  />
                ))
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
