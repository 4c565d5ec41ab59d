"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/app/_components/fields";
import { signInAction } from "@/lib/actions/auth";

export function LoginForm({ next }: { next?: string }) {
  const [state, action] = useActionState(signInAction, undefined);
  return (
    <form action={action} aria-label="Sign in" className="space-y-4">
      <FormMessage state={state} />
      {next && <input type="hidden" name="next" value={next} />}
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="username webauthn"
        defaultValue={state?.fields?.email}
      />
      <Field label="Password" name="password" type="password" autoComplete="current-password" />
      <SubmitButton label="Sign in" />
    </form>
  );
}
