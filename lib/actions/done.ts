// The other half of lib/ui/done.ts: an action whose answer would go with its
// row ends by sending the browser back to the page it was posted from, with the
// key of what happened. A redirect works the same with JavaScript (the router
// follows it) and without (a 303 after the form post).
import { redirect } from "next/navigation";
import { currentPath } from "@/lib/auth/current";
import { DONE_PARAM, type DoneKey } from "@/lib/ui/done";

/**
 * Back to the posting page (its filter and page kept), saying `key`. Answers
 * an earlier visit left in the query (another key, a provider's `error`) go:
 * they are about something else.
 */
export async function doneOnPage(key: DoneKey): Promise<never> {
  // The path and query of this request, as the middleware saw them: same origin, never the client's say.
  const url = new URL(await currentPath(), "http://page.invalid");
  url.searchParams.delete("error");
  url.searchParams.set(DONE_PARAM, key);
  redirect(`${url.pathname}${url.search}`);
}
