// Who we are to a passkey: the RP ID (a host name; browsers refuse IP addresses)
// and the origins a response may come from. Taken from AUTH_URL, or on a demo
// server without it from the address our server listens on, shown as
// "localhost"; never from the request's Host header, which the client chooses.
import { publicOrigin } from "@/lib/mail/links";

export type RelyingParty = { id: string; name: string; origins: string[] };

const LOOPBACK = new Set(["127.0.0.1", "[::1]", "localhost"]);

export function relyingParty(env: Record<string, string | undefined> = process.env): RelyingParty {
  const url = new URL(publicOrigin(env));
  if (env.AUTH_URL || !LOOPBACK.has(url.hostname))
    return { id: url.hostname, name: "Hybrid Auth", origins: [url.origin] };
  url.hostname = "localhost";
  return { id: "localhost", name: "Hybrid Auth", origins: [url.origin] };
}
