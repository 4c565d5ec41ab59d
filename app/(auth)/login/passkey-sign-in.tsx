"use client";

import { startAuthentication } from "@simplewebauthn/browser";
import { useState } from "react";
import { beginPasskeySignIn, finishPasskeySignIn } from "@/lib/passkeys/actions";

/** Discoverable credentials: the browser offers the passkeys it holds for this site; no email is typed. */
export function PasskeySignIn({ next }: { next?: string }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function signIn() {
    setBusy(true);
    setError(undefined);
    try {
      const response = await startAuthentication(await beginPasskeySignIn());
      const result = await finishPasskeySignIn(response, next);
      if ("next" in result) window.location.assign(result.next);
      else setError(result.error);
    } catch {
      // The person closed the browser's dialog, or this browser has no passkey for the site.
      setError("No passkey was used. Try again, or sign in with your password.");
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="space-y-2">
      {error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}
      <button
        type="button"
        onClick={signIn}
        disabled={busy}
        className="w-full rounded-md border border-slate-400 bg-white px-4 py-2 font-semibold text-slate-900 hover:bg-slate-50 disabled:opacity-60"
      >
        Sign in with a passkey
      </button>
    </div>
  );
}
