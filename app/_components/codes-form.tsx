"use client";

import { FormMessage, SubmitButton } from "./fields";
import type { FormAction } from "./form";
import { useStepUpAction } from "./form";

/**
 * A form whose answer may carry codes to show once (recovery codes): they are
 * listed under its message. With `once`, the fields and button go once the
 * codes are shown (a set-up that is finished).
 */
export function CodesForm({
  action,
  name,
  submit,
  once = false,
  after,
  children,
}: {
  action: FormAction;
  name: string;
  submit: string;
  once?: boolean;
  /** With `once`: what takes the fields' place once the codes are shown. */
  after?: React.ReactNode;
  children?: React.ReactNode;
}) {
  const { state, formProps, stepUp } = useStepUpAction(action);
  return (
    <>
      {stepUp}
      <form {...formProps} aria-label={name} className="space-y-3">
        <FormMessage state={state} />
        {state?.list && (
          <ul
            aria-label="Recovery codes"
            className="grid grid-cols-2 gap-2 rounded-md border border-slate-300 bg-slate-50 p-3 font-mono"
          >
            {state.list.map((code) => (
              <li key={code}>{code}</li>
            ))}
          </ul>
        )}
        {!(once && state?.list) && (
          <>
            {children}
            <SubmitButton
              label={submit}
              className="rounded-md border border-slate-500 px-3 py-2 font-medium hover:bg-slate-100"
            />
          </>
        )}
      </form>
      {/* Outside the form: it may hold forms of its own. */}
      {once && state?.list && after}
    </>
  );
}
