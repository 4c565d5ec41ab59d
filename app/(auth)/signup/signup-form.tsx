"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/app/_components/fields";
import { signUpAction } from "@/lib/auth/actions";

export function SignupForm() {
  const [state, action] = useActionState(signUpAction, undefined);
  return (
    <form action={action} aria-label="Create account" className="space-y-4">
      <FormMessage state={state} />
      <Field
        label="Name"
        name="name"
        autoComplete="name"
        maxLength={100}
        defaultValue={state?.fields?.name}
      />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        defaultValue={state?.fields?.email}
      />
      <Field label="Password" name="password" type="password" autoComplete="new-password" minLength={8} />
      <p className="text-sm text-slate-600">At least 8 characters.</p>
      <SubmitButton label="Create account" />
    </form>
  );
}
