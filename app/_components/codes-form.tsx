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
  permalink,
  children,
}: {
  action: FormAction;
  name: string;
  submit: string;
  once?: boolean;
  /** With `once`: what takes the fields' place once the codes are shown. */
  after?: React.ReactNode;
  /** For an answer that outlives the form (useStepUpAction). */
  permalink?: string;
  children?: React.ReactNode;
}) {
  const { state, formProps, stepUp } = useStepUpAction(action, permalink);
  return (
    <>
      {stepUp}
      <form {...formProps} aria-label={name} className="space-y-3">
        <FormMessage state={state} />
        {state?.list && <RecoveryCodes codes={state.list} />}
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

function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <ul
      aria-label="Recovery codes"
      className="grid grid-cols-2 gap-2 rounded-md border border-slate-300 bg-slate-50 p-3 font-mono"
    >
      {codes.map((code) => (
        <li key={code}>{code}</li>
      ))}
    </ul>
  );
}

/**
 * Where a form's answer lands when the page that comes back no longer has the
 * form (posted without JavaScript, e.g. "Turn on" is replaced by the "on"
 * view): the form and this share the action and `permalink`, which is how
 * React hands this the answer. Also asks "Confirm it's you" for it, so the
 * action can still complete. With JavaScript the form keeps its own answer and
 * this stays empty.
 */
export function ActionAnswer({ action, permalink }: { action: FormAction; permalink: string }) {
  const { state, stepUp } = useStepUpAction(action, permalink);
  return (
    <>
      {stepUp}
      <FormMessage state={state} />
      {state?.list && <RecoveryCodes codes={state.list} />}
    </>
  );
}
