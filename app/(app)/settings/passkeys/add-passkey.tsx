"use client";

import { startRegistration } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useState, useSyncExternalStore } from "react";
import { FormMessage } from "@/app/_components/fields";
import { StepUpDialog } from "@/app/_components/step-up-dialog";
import { beginPasskeyRegistration, finishPasskeyRegistration } from "@/lib/actions/passkeys";
import type { StepUpMethods } from "@/lib/step-up/window";

const noSubscription = () => () => {};

const PASSKEYS_NEED_JAVASCRIPT =
  "Adding a passkey needs JavaScript, which is turned off in this browser. Renaming and removing passkeys work without it.";

/** "Add a passkey": asks "Confirm it's you" first when the sign-in is not recent, then runs the ceremony. */
export function AddPasskey() {
  const router = useRouter();
  const [message, setMessage] = useState<{ error?: string; success?: string }>({});
  const [confirming, setConfirming] = useState<StepUpMethods | null>(null);
  const [busy, setBusy] = useState(false);
  async function add() {
    setBusy(true);
    setMessage({});
    try {
      const begun = await beginPasskeyRegistration();
      if ("stepUp" in begun) return setConfirming(begun.stepUp);
      if ("error" in begun) return setMessage({ error: begun.error });
      const response = await startRegistration(begun.options);
      const { error } = await finishPasskeyRegistration(response);
      setMessage(error ? { error } : { success: "Passkey added." });
      router.refresh();
    } catch {
      setMessage({
        error: "No passkey was made: the browser's dialog was closed, or this device has one already.",
      });
    } finally {
      setBusy(false);
    }
  }
  // A passkey is made by the browser's WebAuthn API, through JavaScript: without it the button would do nothing.
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  return (
    <div className="space-y-2">
      {!hydrated && (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-amber-900">{PASSKEYS_NEED_JAVASCRIPT}</p>
      )}
      {confirming && (
        <StepUpDialog
          ask={{ ...confirming, resend: {} }}
          onConfirmed={() => {
            setConfirming(null);
            void add();
          }}
          onCancel={() => setConfirming(null)}
        />
      )}
      <FormMessage state={message} />
      {hydrated && (
        <button
          type="button"
          onClick={add}
          disabled={busy}
          className="rounded-md bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:opacity-60"
        >
          Add a passkey
        </button>
      )}
    </div>
  );
}
