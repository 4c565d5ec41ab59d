"use client";

import { startAuthentication } from "@simplewebauthn/browser";
import { useActionState, useEffect, useId, useRef, useState, useSyncExternalStore } from "react";
import {
  beginPasskeyConfirmation,
  confirmIdentityAction,
  confirmWithProviderAction,
  finishPasskeyConfirmation,
} from "@/lib/actions/step-up";
import type { StepUpAsk } from "@/lib/actions/validated-action";
import { CANCEL, PROOF_FIELDS } from "@/lib/ui/form-names";
import { Field, FormMessage, SubmitButton } from "./fields";

type Typed = NonNullable<StepUpAsk["use"]>;

const noSubscription = () => () => {};

const other = (method: Typed): Typed => (method === "password" ? "code" : "password");

const LINK = "text-sm font-medium text-blue-800 underline hover:text-blue-900";

/**
 * "Confirm it's you" with whatever the account has: its password or an
 * authenticator code (one form, switchable), its passkeys, and the OpenID
 * Connect providers connected to it. In the browser, the password or code
 * confirms on its own and `onConfirmed` sends the form again, as a passkey
 * does: a form whose answer is shown once (recovery codes) keeps it, since the
 * page is refreshed by the confirmation, not by the answer. Server-rendered
 * (no JavaScript, or not hydrated yet) the proof goes with the form that asked,
 * through `action`, with its fields echoed: the server checks it, then acts.
 * A provider sign-in leaves the page, so after it the user asks again.
 * Switching between password and code, and "Cancel", are submit buttons: in
 * the browser they act in place; server-rendered they post to the form that
 * asked, which asks again the other way or does nothing.
 */
export function StepUpDialog({
  ask,
  action,
  onConfirmed,
  onCancel,
}: {
  ask: StepUpAsk;
  /** The form that asked; none when the confirmation stands alone (adding a passkey, which needs JavaScript). */
  action?: (formData: FormData) => void;
  onConfirmed: () => void;
  onCancel: () => void;
}) {
  const methods = ask;
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const [typedProof, confirm] = useActionState(confirmIdentityAction, undefined);
  const [typed, setTyped] = useState<Typed | null>(
    ask.use ?? (methods.password ? "password" : methods.code ? "code" : null),
  );
  const [passkey, setPasskey] = useState<{ busy?: boolean; error?: string; done?: boolean }>({});
  const [atProvider, goToProvider] = useActionState(confirmWithProviderAction, undefined);
  // Where the provider sends the browser back to: this page, where the user then asks again.
  const [here, setHere] = useState("/dashboard");
  useEffect(() => setHere(window.location.pathname + window.location.search), []);
  const title = useId();
  const confirmed = useRef(false);
  const done = Boolean(typedProof?.success) || Boolean(passkey.done);
  useEffect(() => {
    if (done && !confirmed.current) {
      confirmed.current = true;
      onConfirmed();
    }
  }, [done, onConfirmed]);
  if (done) return null;

  async function confirmWithPasskey() {
    setPasskey({ busy: true });
    try {
      const begun = await beginPasskeyConfirmation();
      if ("error" in begun) return setPasskey({ error: begun.error });
      const { error } = await finishPasskeyConfirmation(await startAuthentication(begun.options));
      setPasskey(error ? { error } : { done: true });
    } catch {
      // The person closed the browser's dialog, or this device holds none of the account's passkeys.
      setPasskey({ error: "No passkey was used. Try again, or confirm another way." });
    }
  }

  return (
    <dialog
      open
      aria-modal="true"
      aria-labelledby={title}
      className="fixed inset-0 z-10 m-auto h-fit w-[calc(100%-2rem)] max-w-sm space-y-4 rounded-lg border border-slate-300 bg-white p-6 text-left shadow-xl"
    >
      <h2 id={title} className="text-xl font-bold">
        Confirm it&apos;s you
      </h2>
      <p className="text-sm text-slate-700">
        This needs a recent sign-in. Confirm who you are; what you asked for then happens.
      </p>
      {typed && (
        <form action={hydrated || !action ? confirm : action} className="space-y-4">
          <FormMessage state={{ error: typedProof?.stepUp?.error ?? ask.error }} />
          {!hydrated &&
            Object.entries(ask.resend).map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
          <input type="hidden" name={PROOF_FIELDS.method} value={typed} />
          {typed === "password" ? (
            <Field
              label="Password"
              name={PROOF_FIELDS.password}
              type="password"
              autoComplete="current-password"
              autoFocus
            />
          ) : (
            <Field
              label="Authentication code"
              name={PROOF_FIELDS.code}
              autoComplete="one-time-code"
              inputMode="numeric"
              maxLength={8}
              autoFocus
            />
          )}
          <SubmitButton label="Confirm" />
          {methods.password && methods.code && (
            <button
              type="submit"
              name={PROOF_FIELDS.use}
              value={other(typed)}
              formNoValidate
              className={LINK}
              onClick={(event) => {
                event.preventDefault();
                setTyped(other(typed));
              }}
            >
              {typed === "password" ? "Use an authentication code instead" : "Use your password instead"}
            </button>
          )}
        </form>
      )}
      {methods.passkey && !hydrated && (
        <noscript>
          <p className="text-sm text-slate-700">Confirming with a passkey needs JavaScript.</p>
        </noscript>
      )}
      {methods.passkey && hydrated && (
        <div className="space-y-2">
          <FormMessage state={{ error: passkey.error }} />
          <button
            type="button"
            onClick={confirmWithPasskey}
            disabled={passkey.busy}
            className="w-full rounded-md border border-slate-400 bg-white px-4 py-2 font-semibold text-slate-900 hover:bg-slate-50 disabled:opacity-60"
          >
            Use a passkey
          </button>
        </div>
      )}
      {methods.providers.length > 0 && (
        <form action={goToProvider} className="space-y-2">
          <FormMessage state={atProvider} />
          <input type="hidden" name="next" value={here} />
          {methods.providers.map((p) => (
            <button
              key={p.id}
              type="submit"
              name="provider"
              value={p.id}
              className="w-full rounded-md border border-slate-400 bg-white px-4 py-2 font-semibold text-slate-900 hover:bg-slate-50"
            >
              Confirm with {p.name}
            </button>
          ))}
          <p className="text-sm text-slate-700">You will sign in there again and come back to this page.</p>
        </form>
      )}
      <form action={action} className="flex justify-end">
        <button
          type="submit"
          name={CANCEL}
          value="1"
          onClick={(event) => {
            event.preventDefault();
            onCancel();
          }}
          className="rounded-md border border-slate-500 px-3 py-1 text-sm font-medium text-slate-800 hover:bg-slate-100"
        >
          Cancel
        </button>
      </form>
    </dialog>
  );
}
