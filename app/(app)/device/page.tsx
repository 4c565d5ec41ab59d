import type { Metadata } from "next";
import { Field } from "@/app/_components/fields";
import { ActionButton } from "@/app/_components/form";
import { Time } from "@/app/_components/time";
import { approveDeviceAction, denyDeviceAction } from "@/lib/actions/device";
import { requestClient } from "@/lib/actions/validated-action";
import { SCOPE_WORDS } from "@/lib/api/clients";
import { DEVICE_CODE_PROBLEMS, findDeviceRequest } from "@/lib/api/device-grant";
import { requireSession } from "@/lib/auth/current";

export const metadata: Metadata = { title: "Sign in a device" };

type Props = { searchParams: Promise<{ code?: string | string[] }> };

export default async function DevicePage({ searchParams }: Props) {
  const session = await requireSession();
  const { code } = await searchParams;
  const entered = typeof code === "string" ? code : undefined;
  const found = entered
    ? await findDeviceRequest(entered, { userId: session.user.id, client: await requestClient() })
    : null;
  return (
    <div className="mx-auto max-w-lg space-y-6">
      <h1 className="text-2xl font-bold">Sign in a device</h1>
      {found?.ok ? (
        <section
          aria-labelledby="request"
          className="space-y-4 rounded-lg border border-slate-200 bg-white p-4"
        >
          <h2 id="request" className="text-lg font-semibold">
            {found.request.clientName} wants to sign in to your account
          </h2>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="font-medium">Code</dt>
            <dd className="font-mono">{entered}</dd>
            <dt className="font-medium">Asked from</dt>
            <dd>
              {found.request.deviceLabel ?? "Unknown device"} · IP {found.request.ip ?? "unknown"}
            </dd>
            <dt className="font-medium">Code expires</dt>
            <dd>
              <Time value={found.request.expires} relative />
            </dd>
          </dl>
          <div>
            <p className="text-sm font-medium">It will be able to:</p>
            <ul className="list-disc pl-6 text-sm">
              {found.request.scopes.map((s) => (
                <li key={s}>{SCOPE_WORDS[s as keyof typeof SCOPE_WORDS] ?? s}</li>
              ))}
            </ul>
          </div>
          <p className="text-sm text-slate-700">
            Approve only if you started this sign-in yourself and the code matches the one on your device. It
            will be listed on Your devices, where you can sign it out.
          </p>
          <div className="flex flex-wrap gap-4">
            <ActionButton
              action={approveDeviceAction}
              label="Approve"
              tone="neutral"
              values={{ code: entered ?? "" }}
            />
            <ActionButton action={denyDeviceAction} label="Deny" values={{ code: entered ?? "" }} />
          </div>
        </section>
      ) : (
        <>
          {found && !found.ok && (
            <p role="alert" className="text-red-800">
              {DEVICE_CODE_PROBLEMS[found.problem]}
            </p>
          )}
          <p className="text-slate-700">
            Enter the code your device (for example the command-line tool) shows. You will see what is asking
            before anything is signed in.
          </p>
          <form method="get" action="/device" className="space-y-4">
            <Field label="Code" name="code" autoComplete="off" />
            <button type="submit" className="rounded bg-slate-900 px-4 py-2 font-semibold text-white">
              Continue
            </button>
          </form>
        </>
      )}
    </div>
  );
}
