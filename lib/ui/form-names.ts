// Field names the client forms and the server's action wrapper
// (lib/actions/validated-action.ts) agree on. Plain values: client components import them.

/** The typed proof of "Confirm it's you", beside the form's own fields (which may have a "password" or "code"). */
export const PROOF_FIELDS = {
  method: "stepUp.method",
  password: "stepUp.password",
  code: "stepUp.code",
  /** "Use your password instead" and back, sent instead of a proof: the server asks again with that method. */
  use: "stepUp.use",
} as const;

/**
 * What a confirmation's first button sends (ConfirmDialog): "show me what will
 * happen". With JavaScript the dialog opens in the page and this never
 * arrives; without it, the page comes back with the dialog open.
 */
export const ASK_TO_CONFIRM = "confirm.ask";

/**
 * What a server-rendered dialog's "Cancel" sends (no JavaScript): nothing runs,
 * and the page comes back without the dialog. With JavaScript it just closes.
 */
export const CANCEL = "confirm.cancel";
