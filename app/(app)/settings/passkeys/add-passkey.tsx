"use client";

import { startRegistration } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { StepUpDialog } from "@/app/_components/form";
import { beginPasskeyRegistration, finishPasskeyRegistration } from "@/lib/passkeys/actions";

/** "Add a passkey": asks "Confirm it's you" first when the sign-in is not recent, then runs the ceremony. */
export function AddPasskey() {
  const router = useRouter();
  const [message, setMessage] = useState<{ error?: string; success?: string }>({});
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  async function add() {
    setBusy(true);
    setMessage({});
    try {
      const begun = await beginPasskeyRegistration();
      if ("stepUp" in begun) return setConfirming(true);
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
  return (
    <div className="space-y-2">
      {confirming && (
        <StepUpDialog
          onConfirmed={() => {
            setConfirming(false);
            void add();
          }}
        />
      )}
      {message.error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {message.error}
        </p>
      )}
      {message.success && (
        <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">
          {message.success}
        </p>
      )}
      <button
        type="button"
        onClick={add}
        disabled={busy}
        className="rounded-md bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:opacity-60"
      >
        Add a passkey
      </button>
    </div>
  );
}
