import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { sessionIfReadable } from "@/lib/auth/current";
import { safeNextPath } from "@/lib/auth/forms";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[]; reset?: string }>;
}) {
  const { next, reset } = await searchParams;
  const target = safeNextPath(typeof next === "string" ? next : undefined);
  // During an outage the form still shows; submitting it says why it cannot work now.
  if (await sessionIfReadable()) redirect(target);
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-bold">Sign in</h1>
      {reset === "1" && (
        <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">
          Your password was changed and every device was signed out. Sign in with the new password.
        </p>
      )}
      <LoginForm next={target} />
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
