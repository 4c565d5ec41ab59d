// How often a link may be mailed: per recipient address (so nobody can flood
// someone's inbox through our forms) and per IP (so one client cannot walk
// through many addresses). Over the address limit the request is answered as
// usual and nothing is sent: the answer must not tell whether an account exists.
import { config } from "@/lib/config/env";
import { limiter, secondsLeft, take } from "./limiter";

const HOUR = 3600;

function create() {
  const c = config();
  return {
    address: limiter("mail:address", c.MAIL_LINKS_PER_ADDRESS_PER_HOUR, HOUR),
    ip: limiter("mail:ip", c.MAIL_LINKS_PER_IP_PER_HOUR, HOUR),
  };
}

let limiters: ReturnType<typeof create> | undefined;

export type MailAllowance = { ok: true } | { ok: false; scope: "address" | "ip"; retryAfter: number };

/** Takes one link for `purpose` to `address` from the allowances; the IP's first, so a refused IP spends nothing else. */
export async function takeMailLink(
  purpose: string,
  address: string,
  ip: string | null,
): Promise<MailAllowance> {
  limiters ??= create();
  if (ip) {
    const byIp = await take(limiters.ip, ip);
    if ("over" in byIp) return { ok: false, scope: "ip", retryAfter: secondsLeft(byIp.over) };
  }
  const byAddress = await take(limiters.address, `${purpose}:${address}`);
  if ("over" in byAddress) return { ok: false, scope: "address", retryAfter: secondsLeft(byAddress.over) };
  return { ok: true };
}
