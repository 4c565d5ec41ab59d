"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/app/_components/fields";
import { NewPasswordField } from "@/app/_components/new-password-field";
import { changePasswordAction } from "@/lib/actions/auth";

/** `minLength`: PASSWORD_MIN_LENGTH, read by the page on the server. */
export function PasswordForm({ minLength }: { minLength: number }) {
  const [state, action] = useActionState(changePasswordAction, undefined);
  return (
    <form action={action} aria-label="Change password" className="space-y-4">
      <FormMessage state={state} />
      <Field
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
      />
      <NewPasswordField label="New password" name="newPassword" minLength={minLength} />
      <SubmitButton label="Change password" />
    </form>
  );
}
