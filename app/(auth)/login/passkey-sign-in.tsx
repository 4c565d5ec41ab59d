"use client";

import {
  browserSupportsWebAuthnAutofill,
  startAuthentication,
  WebAuthnAbortService,
} from "@simplewebauthn/browser";
import { useEffect, useState } from "react";
import { beginPasskeySignIn, finishPasskeySignIn } from "@/lib/actions/passkeys";

type AuthenticationResponseJSON = Awaited<ReturnType<typeof startAuthentication>>;
type RequestOptions = Parameters<typeof startAuthentication>[0];

/**
 * Discoverable credentials: the browser offers the passkeys it holds for this
 * site; no email is typed. Where the browser can (conditional mediation), it
 * also offers them in the email field's autofill (autocomplete "username
 * webauthn", login-form.tsx) from the moment the page is ready, with the
 * options the page was rendered with; the button is for the rest, and starting
 * it cancels the waiting autofill request.
 */
export function PasskeySignIn({ next, autofill }: { next?: string; autofill: RequestOptions | null }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function complete(response: AuthenticationResponseJSON) {
    const result = await finishPasskeySignIn(response, next);
    if ("next" in result) window.location.assign(result.next);
    else setError(result.error);
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: one autofill request per page, with its challenge.
  useEffect(() => {
    (async () => {
      if (!autofill || !(await browserSupportsWebAuthnAutofill())) return;
      let response: AuthenticationResponseJSON;
      try {
        response = await startAuthentication(autofill, true);
      } catch {
        // Cancelled (the button started a request of its own, or the page is leaving): nothing to say.
        return;
      }
      await complete(response);
    })();
    return () => WebAuthnAbortService.cancelCeremony();
  }, []);

  async function signIn() {
    setBusy(true);
    setError(undefined);
    try {
      await complete(await startAuthentication(await beginPasskeySignIn()));
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
