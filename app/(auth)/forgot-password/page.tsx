import type { Metadata } from "next";
import Link from "next/link";
import { Field } from "@/app/_components/fields";
import { StatefulForm } from "@/app/_components/form";
import { forgotPasswordAction } from "@/lib/actions/account";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-bold">Forgot password</h1>
      <p className="text-slate-700">
        Enter the address you sign in with. If it has an account, we send it a link to set a new password.
      </p>
      <StatefulForm action={forgotPasswordAction} name="Reset password" submit="Send reset link">
        <Field label="Email" name="email" type="email" autoComplete="username" />
      </StatefulForm>
      <p className="text-sm text-slate-700">
        Remembered it?{" "}
        <Link className="font-medium text-blue-800 underline" href="/login">
          Sign in
        </Link>
      </p>
    </div>
  );
}
