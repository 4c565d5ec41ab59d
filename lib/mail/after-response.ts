// Mail queued by a request is sent once the response is out (Next's after()),
// so a slow or unreachable SMTP server never holds up or breaks the request.
import { after } from "next/server";
import { kickDrain } from "./background";
import { runningMailMode } from "./mode";

export function sendMailAfterResponse(): void {
  if (runningMailMode() === "smtp") after(() => kickDrain());
}
