import type { Metadata } from "next";
import { DoneStatus } from "@/app/_components/done-status";
import { Field } from "@/app/_components/fields";
import { ActionButton, StatefulForm } from "@/app/_components/form";
import { Time } from "@/app/_components/time";
import { VerifyFirst } from "@/app/_components/verify-first";
import { removePasskeyAction, renamePasskeyAction } from "@/lib/actions/passkeys";
import { requireSession } from "@/lib/auth/current";
import { db } from "@/lib/db/client";
import { emailVerified } from "@/lib/users/verified-only";
import { AddPasskey } from "./add-passkey";

export const metadata: Metadata = { title: "Passkeys" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function PasskeysPage({ searchParams }: Props) {
  const session = await requireSession();
  const [passkeys, verified] = await Promise.all([
    db.authenticator.findMany({
      where: { userId: session.user.id },
      orderBy: { createdAt: "asc" },
      select: { credentialID: true, name: true, createdAt: true, lastUsedAt: true },
    }),
    emailVerified(session.user.id),
  ]);
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold">Passkeys</h1>
      <p className="text-slate-700">
        Sign in with your fingerprint, face or device PIN instead of a password. Passkeys cannot be phished:
        each works only on this site. Removing one does not sign out the sessions made with it; use Devices
        for that.
      </p>
      {verified ? <AddPasskey /> : <VerifyFirst email={session.user.email} what="a passkey" />}
      <DoneStatus params={await searchParams} />
      <ul
        aria-label="Your passkeys"
        className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white"
      >
        {passkeys.map((p) => (
          <li key={p.credentialID} className="flex flex-wrap items-end gap-4 p-4">
            <div className="min-w-48 flex-1">
              <p className="font-semibold">{p.name}</p>
              <p className="text-sm text-slate-700">
                Added <Time value={p.createdAt} /> · last used{" "}
                {p.lastUsedAt ? <Time value={p.lastUsedAt} relative /> : "never"}
              </p>
            </div>
            <div className="w-56">
              <StatefulForm action={renamePasskeyAction} name={`Rename ${p.name}`} submit="Rename">
                <input type="hidden" name="credentialID" value={p.credentialID} />
                <Field label="Name" name="name" defaultValue={p.name} maxLength={60} />
              </StatefulForm>
            </div>
            <ActionButton
              action={removePasskeyAction}
              label="Remove"
              accessibleName={`Remove ${p.name}`}
              values={{ credentialID: p.credentialID }}
            />
          </li>
        ))}
        {passkeys.length === 0 && <li className="p-4 text-slate-600">No passkeys yet.</li>}
      </ul>
    </div>
  );
}
