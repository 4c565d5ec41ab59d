"use client";

import { startTransition, useActionState, useEffect, useId, useRef, useState } from "react";
import { useFormStatus } from "react-dom";
import type { ActionState } from "@/lib/actions/validated-action";
import { confirmIdentityAction } from "@/lib/auth/actions";
import { type Confirmation, ConfirmDialog } from "./confirm-action";

export type FormAction = (prev: ActionState | undefined, formData: FormData) => Promise<ActionState>;

export function Field(props: {
  label: string;
  name: string;
  type?: string;
  autoComplete?: string;
  defaultValue?: string;
  minLength?: number;
  maxLength?: number;
  autoFocus?: boolean;
  required?: boolean;
  /** Read out with the field, e.g. the time zone a date is in. */
  hint?: string;
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

const BUTTON_TONES = {
  danger: "border-red-700 text-red-800 hover:bg-red-50",
  neutral: "border-slate-500 text-slate-800 hover:bg-slate-100",
};

/**
 * One button posting fixed hidden values, e.g. "Revoke" for a session id; shows
 * the action's answer beside it. With `confirm`, the button only opens a dialog
 * that says what will happen and asks for any fields, and the dialog's button
 * posts. Locking and unlocking swap one for the other in the same place, so the
 * answer survives the swap.
 */
export function ActionButton({
  action,
  label,
  accessibleName,
  values = {},
  tone = "danger",
  confirm,
}: {
  action: FormAction;
  label: string;
  accessibleName?: string;
  values?: Record<string, string>;
  tone?: keyof typeof BUTTON_TONES;
  confirm?: Confirmation;
}) {
  const { state, submit, stepUp } = useStepUpAction(action);
  const hidden = Object.entries(values).map(([name, value]) => (
    <input key={name} type="hidden" name={name} value={value} />
  ));
  const answer = (
    <>
      {state?.error && (
        <span role="alert" className="text-sm text-red-800">
          {state.error}
        </span>
      )}
      {state?.success && (
        <span role="status" className="text-sm text-green-800">
          {state.success}
        </span>
      )}
    </>
  );
  return (
    <>
      {stepUp}
      {confirm ? (
        <span className="inline-flex flex-wrap items-center gap-2">
          <ConfirmDialog
            {...confirm}
            label={label}
            accessibleName={accessibleName}
            className={BUTTON_TONES[tone]}
            hidden={hidden}
            onConfirm={submit}
          />
          {answer}
        </span>
      ) : (
        <form action={submit} className="inline-flex flex-wrap items-center gap-2">
          {hidden}
          <ActionSubmit label={label} accessibleName={accessibleName} className={BUTTON_TONES[tone]} />
          {answer}
        </form>
      )}
    </>
  );
}

function ActionSubmit({
  label,
  accessibleName,
  className,
}: {
  label: string;
  accessibleName?: string;
  className: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      aria-label={accessibleName}
      className={`rounded-md border px-3 py-1 text-sm font-medium disabled:opacity-60 ${className}`}
    >
      {label}
    </button>
  );
}

/** A form around one action: its answer above the fields, the submit button below. Fields come as children. */
export function StatefulForm({
  action,
  name,
  submit,
  children,
}: {
  action: FormAction;
  name: string;
  submit: string;
  children?: React.ReactNode;
}) {
  const { state, submit: send, stepUp } = useStepUpAction(action);
  return (
    <>
      {stepUp}
      <form action={send} aria-label={name} className="space-y-4">
        <FormMessage state={state} />
        {children}
        <SubmitButton label={submit} />
      </form>
    </>
  );
}

/**
 * An action whose answer may be "confirm who you are first" (sensitive actions,
 * lib/actions/validated-action.ts): shows the dialog, and once the password is
 * confirmed sends the very same form again, so nothing is typed or clicked twice.
 */
export function useStepUpAction(action: FormAction) {
  const [state, formAction] = useActionState(action, undefined);
  const last = useRef<FormData | null>(null);
  const [attempt, setAttempt] = useState(0);
  const submit = (formData: FormData) => {
    last.current = formData;
    setAttempt((n) => n + 1);
    formAction(formData);
  };
  const resend = () => {
    const formData = last.current;
    if (formData) startTransition(() => formAction(formData));
  };
  const stepUp = state?.stepUp ? <StepUpDialog key={attempt} onConfirmed={resend} /> : null;
  return { state, submit, stepUp };
}

export function StepUpDialog({ onConfirmed }: { onConfirmed: () => void }) {
  const [state, action] = useActionState(confirmIdentityAction, undefined);
  const title = useId();
  const confirmed = useRef(false);
  useEffect(() => {
    if (state?.success && !confirmed.current) {
      confirmed.current = true;
      onConfirmed();
    }
  }, [state, onConfirmed]);
  if (state?.success) return null;
  return (
    <dialog
      open
      aria-modal="true"
      aria-labelledby={title}
      className="fixed inset-0 z-10 m-auto h-fit w-[calc(100%-2rem)] max-w-sm space-y-4 rounded-lg border border-slate-300 bg-white p-6 text-left shadow-xl"
    >
      <h2 id={title} className="text-xl font-bold">
        Confirm it&apos;s you
      </h2>
      <p className="text-sm text-slate-700">
        This needs a recent sign-in. Enter your password to continue; what you asked for then happens.
      </p>
      <form action={action} className="space-y-4">
        <FormMessage state={state} />
        <Field label="Password" name="password" type="password" autoComplete="current-password" autoFocus />
        <SubmitButton label="Confirm" />
      </form>
    </dialog>
  );
}
