"use client";

// What a destructive button opens instead of acting: a dialog that says what will
// happen and asks for what the action needs (e.g. a reason); its own button sends
// the form. The server checks the fields again, and still asks for a recent
// sign-in (step-up) like any sensitive action.
import { useEffect, useId, useRef, useState } from "react";

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
  onConfirm,
}: Confirmation & {
  label: string;
  accessibleName?: string;
  className: string;
  /** The form's fixed values, e.g. the id it acts on. */
  hidden: React.ReactNode;
  onConfirm: (formData: FormData) => void;
}) {
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
      <button
        type="button"
        aria-label={accessibleName}
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
        className={`rounded-md border px-3 py-1 text-sm font-medium ${className}`}
      >
        {label}
      </button>
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
              onConfirm(formData);
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
                {label}
              </button>
            </div>
          </form>
        )}
      </dialog>
    </>
  );
}
