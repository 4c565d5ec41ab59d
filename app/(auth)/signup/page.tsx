import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { sessionIfReadable } from "@/lib/auth/current";
import { minPasswordLength } from "@/lib/auth/password-policy";
import { SignupForm } from "./signup-form";

export const metadata: Metadata = { title: "Create account" };

export default async function SignupPage() {
  // During an outage the form still shows; submitting it says why it cannot work now.
  if (await sessionIfReadable()) redirect("/dashboard");
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-bold">Create account</h1>
      <SignupForm minLength={minPasswordLength()} />
      <p className="text-sm text-slate-700">
        Already have an account?{" "}
        <Link className="font-medium text-blue-800 underline" href="/login">
          Sign in
        </Link>
      </p>
    </div>
  );
}
