import type { Metadata } from "next";
import { ActionAnswer, CodesForm } from "@/app/_components/codes-form";
import { Field } from "@/app/_components/fields";
import { ActionButton } from "@/app/_components/form";
import { Time } from "@/app/_components/time";
import { VerifyFirst } from "@/app/_components/verify-first";
import {
  confirmSetupAction,
  regenerateCodesAction,
  showSetupKeyAction,
  startSetupAction,
  turnOffAction,
} from "@/lib/actions/two-factor";
import { NOT_WHILE_IMPERSONATING } from "@/lib/actions/validated-action";
import { requireSession } from "@/lib/auth/current";
import { db } from "@/lib/db/client";
import { stepUpNeeded } from "@/lib/step-up/window";
import { SETUP_EXPIRED, setupState } from "@/lib/two-factor/setup";
import { setupDisplay } from "@/lib/two-factor/totp";

export const metadata: Metadata = { title: "Two-factor authentication" };

// Where "Turn on" and "Turn off" post to without JavaScript: the page that comes back shows the other view, with their answers (ActionAnswer).
const PAGE = "/settings/two-factor";

type Props = { searchParams: Promise<{ required?: string }> };

export default async function TwoFactorPage({ searchParams }: Props) {
  const session = await requireSession();
  const { required } = await searchParams;
  const user = await db.user.findUniqueOrThrow({
    where: { id: session.user.id },
    select: {
      emailVerified: true,
      totpEnabledAt: true,
      totpPendingSecret: true,
      totpSetupStartedAt: true,
      _count: { select: { recoveryCodes: { where: { usedAt: null } } } },
    },
  });
  const state = setupState(user);
  // The unfinished secret is the factor itself: shown to the owner only, within the step-up window.
  const mayShowKey = !session.impersonator && !(await stepUpNeeded(session));
  const setup =
    state === "open" && mayShowKey && user.totpPendingSecret
      ? await setupDisplay(user.totpPendingSecret, session.user.email)
      : null;
  const start = (
    <>
      {state === "expired" && <p role="status">{SETUP_EXPIRED}</p>}
      <ActionButton action={startSetupAction} label="Set up authenticator app" tone="neutral" />
    </>
  );
  const notYet = session.impersonator ? (
    <p role="status">{NOT_WHILE_IMPERSONATING}</p>
  ) : !user.emailVerified ? (
    <VerifyFirst email={session.user.email} what="an authenticator app" />
  ) : state === "open" ? (
    <section className="space-y-3">
      <p>
        You started setting up an authenticator app. Confirm it&apos;s you to see its setup key again; the
        set-up lasts 10 minutes.
      </p>
      <ActionButton action={showSetupKeyAction} label="Show setup key" tone="neutral" />
    </section>
  ) : (
    start
  );
  // Once it is on: new recovery codes, or off (both need a recent authentication).
  const manage = (
    <div className="space-y-4">
      <CodesForm action={regenerateCodesAction} name="Recovery codes" submit="Generate new recovery codes" />
      <ActionButton action={turnOffAction} label="Turn off" accessibleName="Turn off" permalink={PAGE} />
    </div>
  );
  return (
    <div className="max-w-xl space-y-6">
      <h1 className="text-3xl font-bold">Two-factor authentication</h1>
      {required === "admin" && (
        <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-amber-900">
          Administrator pages need a sign-in with a second factor. Set up an authenticator app here (or add a
          passkey), then sign out and sign in again with it.
        </p>
      )}
      <p className="text-slate-700">
        With an authenticator app, signing in needs your password and a code that changes every 30 seconds.
      </p>
      {/* The answers of forms this view does not have (the recovery codes of "Turn on", shown once). */}
      {!setup && <ActionAnswer action={confirmSetupAction} permalink={PAGE} />}
      {!user.totpEnabledAt && <ActionAnswer action={turnOffAction} permalink={PAGE} />}
      {user.totpEnabledAt ? (
        <section className="space-y-4">
          <p>
            On since <Time value={user.totpEnabledAt} />. {user._count.recoveryCodes} unused recovery codes
            left.
          </p>
          {manage}
        </section>
      ) : setup ? (
        <section className="space-y-4">
          <CodesForm
            action={confirmSetupAction}
            name="Turn on two-factor sign-in"
            submit="Turn on"
            once
            after={manage}
            permalink={PAGE}
          >
            <p>
              Scan this with your authenticator app, or type the setup key into it. Then enter the code it
              shows.
            </p>
            {/* biome-ignore lint/performance/noImgElement: a data: URL made on the server; nothing for next/image to optimise */}
            <img src={setup.qr} alt="QR code for your authenticator app" width={200} height={200} />
            <p>
              <span className="font-medium">Setup key</span>:{" "}
              <input
                readOnly
                aria-label="Setup key"
                value={setup.secret}
                className="w-full rounded border border-slate-300 bg-slate-50 px-2 py-1 font-mono"
              />
            </p>
            <Field label="Authentication code" name="code" autoComplete="one-time-code" maxLength={20} />
          </CodesForm>
        </section>
      ) : (
        notYet
      )}
    </div>
  );
}
