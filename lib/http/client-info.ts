// Who is on the other end of a request, as far as we can trust it. Behind a
// proxy, the IP comes only from the header an operator names in
// TRUSTED_IP_HEADER (their proxy sets it). Without one, it is the TCP peer's
// address, which our server (lib/server) passes in a header whose name only this
// process knows. Any other header is the client's own claim and is ignored.
import { isIP } from "node:net";
import { config } from "@/lib/config/env";
import { peerAddressHeader } from "@/lib/runtime/peer-address";
import { deviceLabel } from "./device-label";

export type ClientInfo = { ip: string | null; userAgent: string | null; deviceLabel: string };

const MAX_USER_AGENT = 512;

export function clientIp(
  headers: Headers,
  trustedHeader = config().TRUSTED_IP_HEADER,
  peerHeader = peerAddressHeader(),
): string | null {
  // x-forwarded-for is "client, proxy1, proxy2": the proxy we trust appends the
  // address it saw last, so the rightmost entry is the one it vouches for.
  // Behind that proxy the TCP peer is the proxy itself, so it is never used instead.
  const value = trustedHeader
    ? headers.get(trustedHeader)?.split(",").pop()?.trim()
    : peerHeader && headers.get(peerHeader);
  return value && isIP(value) ? value : null;
}

export function clientInfo(headers: Headers): ClientInfo {
  const userAgent = headers.get("user-agent")?.slice(0, MAX_USER_AGENT) || null;
  return { ip: clientIp(headers), userAgent, deviceLabel: deviceLabel(userAgent) };
}
