"use client";

// A destructive admin button: it only opens a dialog that says what will happen
// (and asks for what the action needs, e.g. a reason); the dialog's own button
// sends the form. The server checks the fields again, and still asks for a recent
// sign-in (step-up) the same way as any sensitive action.
import { useEffect, useId, useRef, useState } from "react";
import { type FormAction, useStepUpAction } from "./form";

export function ConfirmAction({
  action,
  label,
  accessibleName,
  title,
  description,
  values = {},
  children,
  confirmLabel = label,
}: {
  action: FormAction;
  label: string;
  accessibleName?: string;
  title: string;
  description: React.ReactNode;
  values?: Record<string, string>;
  /** Fields the dialog asks for, e.g. a reason. */
  children?: React.ReactNode;
  confirmLabel?: string;
}) {
  const { state, submit, stepUp } = useStepUpAction(action);
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    // Modal: the rest of the page is inert and Escape closes it (onClose keeps the state in step).
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);

  return (
    <>
      {stepUp}
      <span className="inline-flex flex-wrap items-center gap-2">
        <button
          type="button"
          aria-label={accessibleName}
          aria-haspopup="dialog"
          onClick={() => setOpen(true)}
          className="rounded-md border border-red-700 px-3 py-1 text-sm font-medium text-red-800 hover:bg-red-50"
        >
          {label}
        </button>
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
      </span>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        aria-describedby={descriptionId}
        onClose={() => setOpen(false)}
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg border border-slate-300 bg-white p-6 text-left shadow-xl backdrop:bg-slate-900/40"
      >
        {open && (
          <form
            action={(formData) => {
              setOpen(false);
              submit(formData);
            }}
            className="space-y-4"
          >
            <h2 id={titleId} className="text-xl font-bold">
              {title}
            </h2>
            <div id={descriptionId} className="text-sm text-slate-700">
              {description}
            </div>
            {Object.entries(values).map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
            {children}
            <div className="flex flex-wrap justify-end gap-2">
              <button
                type="button"
                onClick={() => setOpen(false)}
                className="rounded-md border border-slate-500 px-3 py-1 text-sm font-medium text-slate-800 hover:bg-slate-100"
              >
                Cancel
              </button>
              <button
                type="submit"
                className="rounded-md bg-red-700 px-3 py-1 text-sm font-semibold text-white hover:bg-red-800"
              >
                {confirmLabel}
              </button>
            </div>
          </form>
        )}
      </dialog>
    </>
  );
}
