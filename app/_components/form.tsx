"use client";

import { startTransition, useActionState, useState } from "react";
import { useFormStatus } from "react-dom";
import type { ActionState } from "@/lib/actions/validated-action";
import { type Confirmation, ConfirmDialog } from "./confirm-action";
import { FormMessage, SubmitButton } from "./fields";
import { StepUpDialog } from "./step-up-dialog";

export type FormAction = (prev: ActionState | undefined, formData: FormData) => Promise<ActionState>;

const BUTTON_TONES = {
  danger: "border-red-700 text-red-800 hover:bg-red-50",
  neutral: "border-slate-500 text-slate-800 hover:bg-slate-100",
};

/**
 * One button posting fixed hidden values, e.g. "Revoke" for a session id; shows
 * the action's answer beside it. With `confirm`, the button only opens a dialog
 * that says what will happen and asks for any fields, and the dialog's button
 * posts (without JavaScript the button posts, and the page comes back with the
 * dialog open). Locking and unlocking swap one for the other in the same place, so the
 * answer survives the swap.
 */
export function ActionButton({
  action,
  label,
  accessibleName,
  values = {},
  tone = "danger",
  confirm,
  permalink,
}: {
  action: FormAction;
  label: string;
  accessibleName?: string;
  values?: Record<string, string>;
  tone?: keyof typeof BUTTON_TONES;
  confirm?: Confirmation;
  /** For an answer that outlives the button (useStepUpAction). */
  permalink?: string;
}) {
  const { state, formProps, stepUp } = useStepUpAction(action, permalink);
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
            formProps={formProps}
            startOpen={Boolean(state?.confirm)}
          />
          {answer}
        </span>
      ) : (
        <form {...formProps} className="inline-flex flex-wrap items-center gap-2">
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
  const { state, formProps, stepUp } = useStepUpAction(action);
  return (
    <>
      {stepUp}
      <form {...formProps} aria-label={name} className="space-y-4">
        <FormMessage state={state} />
        {children}
        <SubmitButton label={submit} />
      </form>
    </>
  );
}

/**
 * An action whose answer may be "confirm who you are first" (sensitive actions,
 * lib/actions/validated-action.ts): shows the dialog, whose password or code
 * goes with the very same fields again, so nothing is typed or clicked twice.
 * A form spreads `formProps`: it posts the server action itself, so a click
 * before hydration (a slow device) or without JavaScript still submits, and
 * the page comes back with the dialog in it. `permalink` (React's): the page
 * such a post lands on, where an ActionAnswer with the same action shows the
 * answer when the form itself is gone from the page that comes back.
 */
export function useStepUpAction(action: FormAction, permalink?: string) {
  const [state, formAction] = useActionState(action, undefined, permalink);
  // A fresh dialog each time the form is sent: a passkey confirmed for the last one does not count for this.
  const [attempt, setAttempt] = useState(0);
  const [cancelled, setCancelled] = useState<number | null>(null);
  const formProps = { action: formAction, onSubmit: () => setAttempt((n) => n + 1) };
  // After a passkey confirmed on its own: the fields the server echoed, sent again.
  const resend = () => {
    const formData = new FormData();
    for (const [name, value] of Object.entries(state?.stepUp?.resend ?? {})) formData.append(name, value);
    startTransition(() => formAction(formData));
  };
  const stepUp =
    state?.stepUp && cancelled !== attempt ? (
      <StepUpDialog
        key={attempt}
        ask={state.stepUp}
        action={formAction}
        onConfirmed={resend}
        onCancel={() => setCancelled(attempt)}
      />
    ) : null;
  return { state, formProps, stepUp };
}
