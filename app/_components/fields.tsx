"use client";

// The pieces every form is made of. Forms that call actions are in form.tsx.
import { useId } from "react";
import { useFormStatus } from "react-dom";
import type { ActionState } from "@/lib/actions/validated-action";

export function Field(props: {
  label: string;
  name: string;
  type?: string;
  autoComplete?: string;
  defaultValue?: string;
  minLength?: number;
  maxLength?: number;
  autoFocus?: boolean;
  inputMode?: "numeric" | "email";
  required?: boolean;
  /** Read out with the field, e.g. the time zone a date is in. */
  hint?: string;
  onChange?: React.ChangeEventHandler<HTMLInputElement>;
}) {
  const { label, name, type = "text", required = true, hint, ...rest } = props;
  const hintId = useId();
  return (
    <label className="block text-sm font-medium text-slate-800">
      {label}
      <input
        name={name}
        type={type}
        required={required}
        aria-describedby={hint ? hintId : undefined}
        {...rest}
        className="mt-1 block w-full rounded-md border border-slate-400 px-3 py-2 text-base focus:outline-2 focus:outline-offset-1 focus:outline-blue-700"
      />
      {hint && (
        <span id={hintId} className="mt-1 block text-xs font-normal text-slate-600">
          {hint}
        </span>
      )}
    </label>
  );
}

export function SubmitButton({ label, className }: { label: string; className?: string }) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      className={
        className ??
        "w-full rounded-md bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:opacity-60"
      }
    >
      {label}
    </button>
  );
}

export function FormMessage({ state }: { state: ActionState | undefined }) {
  if (state?.error)
    return (
      <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
        {state.error}
      </p>
    );
  if (state?.success)
    return (
      <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">
        {state.success}
      </p>
    );
  return null;
}
