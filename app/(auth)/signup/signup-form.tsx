"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/app/_components/fields";
import { NewPasswordField } from "@/app/_components/new-password-field";
import { signUpAction } from "@/lib/actions/auth";

/** `minLength`: PASSWORD_MIN_LENGTH, read by the page on the server. */
export function SignupForm({ minLength }: { minLength: number }) {
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
      <NewPasswordField label="Password" name="password" minLength={minLength} />
      <SubmitButton label="Create account" />
    </form>
  );
}
