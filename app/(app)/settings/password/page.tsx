import type { Metadata } from "next";
import { requireSession } from "@/lib/auth/current";
import { minPasswordLength } from "@/lib/auth/password-policy";
import { PasswordForm } from "./password-form";

export const metadata: Metadata = { title: "Change password" };

export default async function PasswordPage() {
  await requireSession();
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-bold">Change password</h1>
      <p className="text-slate-700">Changing your password signs out every other device.</p>
      <PasswordForm minLength={minPasswordLength()} />
    </div>
  );
}
