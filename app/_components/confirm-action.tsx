"use client";

// What a destructive button opens instead of acting: a dialog that says what will
// happen and asks for what the action needs (e.g. a reason); its own button sends
// the form. Without JavaScript, the same, through the server (ASK_TO_CONFIRM). The server checks the fields again, and still asks for a recent
// sign-in (step-up) like any sensitive action.
import { useEffect, useId, useRef, useState } from "react";
import { ASK_TO_CONFIRM, CANCEL } from "@/lib/ui/form-names";

export type Confirmation = {
  title: string;
  description: React.ReactNode;
  /** Fields the dialog asks for, e.g. a reason. */
  fields?: React.ReactNode;
};

export function ConfirmDialog({
  label,
  accessibleName,
  className,
  title,
  description,
  fields,
  hidden,
  formProps,
  startOpen,
}: Confirmation & {
  label: string;
  accessibleName?: string;
  className: string;
  /** The form's fixed values, e.g. the id it acts on. */
  hidden: React.ReactNode;
  /** What posts the action (useStepUpAction): both the button and the dialog's form post it. */
  formProps: { action: (formData: FormData) => void; onSubmit: () => void };
  /** The server asked for the confirmation (a page without JavaScript): rendered open. */
  startOpen: boolean;
}) {
  const [open, setOpen] = useState(startOpen);
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
      {/* Without JavaScript the button posts and the server asks back (ASK_TO_CONFIRM): the page returns with the dialog open. */}
      <form {...formProps} className="inline">
        {hidden}
        <button
          type="submit"
          name={ASK_TO_CONFIRM}
          value="1"
          aria-label={accessibleName}
          aria-haspopup="dialog"
          onClick={(event) => {
            event.preventDefault();
            setOpen(true);
          }}
          className={`rounded-md border px-3 py-1 text-sm font-medium ${className}`}
        >
          {label}
        </button>
      </form>
      <dialog
        ref={dialog}
        open={startOpen || undefined}
        aria-labelledby={titleId}
        aria-describedby={descriptionId}
        onClose={() => setOpen(false)}
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg border border-slate-300 bg-white p-6 text-left shadow-xl backdrop:bg-slate-900/40"
      >
        {open && (
          <form
            action={formProps.action}
            onSubmit={() => {
              formProps.onSubmit();
              setOpen(false);
            }}
            className="space-y-4"
          >
            <h2 id={titleId} className="text-xl font-bold [overflow-wrap:anywhere]">
              {title}
            </h2>
            <div id={descriptionId} className="text-sm text-slate-700">
              {description}
            </div>
            {hidden}
            {fields}
            <div className="flex flex-wrap justify-end gap-2">
              {/* Without JavaScript it posts CANCEL: the server does nothing and the page comes back closed. */}
              <button
                type="submit"
                name={CANCEL}
                value="1"
                formNoValidate
                onClick={(event) => {
                  event.preventDefault();
                  setOpen(false);
                }}
                className="rounded-md border border-slate-500 px-3 py-1 text-sm font-medium text-slate-800 hover:bg-slate-100"
              >
                Cancel
              </button>
              <button
                type="submit"
                className="rounded-md bg-red-700 px-3 py-1 text-sm font-semibold text-white hover:bg-red-800"
              >
                {label}
              </button>
            </div>
          </form>
        )}
      </dialog>
    </>
  );
}
