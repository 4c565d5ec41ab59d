// What a page says after an action whose own answer would vanish with the form
// that asked for it: the row it removes, the button it swaps. The action sends
// the browser back to the page with a key in the query (lib/actions/done.ts),
// and the page shows the key's fixed words (app/_components/done-status.tsx),
// with or without JavaScript. Only these words are ever shown: never the URL's text.

/** The query parameter that carries the key. */
export const DONE_PARAM = "done";

export const DONE_MESSAGES = {
  "device-signed-out": "The device was signed out.",
  "session-revoked": "The session was revoked.",
  "passkey-removed": "The passkey was removed.",
  "provider-disconnected": "The sign-in provider was disconnected: it no longer signs in to this account.",
  "account-deleted": "The account was deleted and its devices were signed out.",
  "mail-queued": "The message was queued to be sent again.",
} as const;

export type DoneKey = keyof typeof DONE_MESSAGES;

/** The words for a page's query, or null when it carries no known key. */
export function doneMessage(params: Record<string, string | string[] | undefined>): string | null {
  const key = params[DONE_PARAM];
  if (typeof key !== "string" || !Object.hasOwn(DONE_MESSAGES, key)) return null;
  return DONE_MESSAGES[key as DoneKey];
}
