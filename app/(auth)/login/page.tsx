import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { providerSignInAction } from "@/lib/actions/providers";
import { sessionIfReadable } from "@/lib/auth/current";
import { safeNextPath } from "@/lib/auth/forms";
import { providerErrorMessage } from "@/lib/auth/provider-errors";
import { signInProviders } from "@/lib/auth/providers";
import { autofillOptions } from "@/lib/passkeys/passkeys";
import { LoginForm } from "./login-form";
import { PasskeySignIn } from "./passkey-sign-in";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{
    next?: string | string[];
    error?: string | string[];
    reset?: string;
    deleted?: string;
  }>;
}) {
  const { next, error, reset, deleted } = await searchParams;
  const providerError = providerErrorMessage(typeof error === "string" ? error : undefined);
  const providers = signInProviders();
  const target = safeNextPath(typeof next === "string" ? next : undefined);
  // Signed in, an Auth.js error can only come from connecting a provider in settings: say it there.
  // During an outage the form still shows; submitting it says why it cannot work now.
  if (await sessionIfReadable())
    redirect(typeof error === "string" ? `/settings/accounts?error=${encodeURIComponent(error)}` : target);
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-bold">Sign in</h1>
      {reset === "1" && (
        <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">
          Your password was changed and every device was signed out. Sign in with the new password.
        </p>
      )}
      {deleted === "1" && (
        <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">
          Your account was deleted and every device was signed out. We sent a last message to its address.
        </p>
      )}
      {providerError && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {providerError}
        </p>
      )}
      <LoginForm next={target} />
      <PasskeySignIn next={target} autofill={await autofillOptions()} />
      {providers.length > 0 && (
        <div className="space-y-2 border-t border-slate-200 pt-4">
          {providers.map((p) => (
            <form key={p.id} action={providerSignInAction}>
              <input type="hidden" name="provider" value={p.id} />
              <input type="hidden" name="next" value={target} />
              <button
                type="submit"
                className="w-full rounded-md border border-slate-400 bg-white px-4 py-2 font-semibold text-slate-900 hover:bg-slate-50"
              >
                Sign in with {p.name}
              </button>
            </form>
          ))}
        </div>
      )}
      <p className="text-sm text-slate-700">
        <Link className="font-medium text-blue-800 underline" href="/forgot-password">
          Forgot password?
        </Link>
      </p>
      <p className="text-sm text-slate-700">
        No account yet?{" "}
        <Link className="font-medium text-blue-800 underline" href="/signup">
          Create one
        </Link>
      </p>
    </div>
  );
}
