// Who may read GET /api/metrics: an operator, and nobody else (the numbers tell
// an attacker how a credential-stuffing run is going). With METRICS_TOKEN set,
// whoever sends it as a bearer token, from anywhere, this machine included: once
// a token is set it is the rule. Unset, requests from this machine only, judged
// by the TCP peer our server recorded, never by a header a client can write.
import { createHash, timingSafeEqual } from "node:crypto";
import { config } from "@/lib/config/env";
import { clientIp } from "@/lib/http/client-info";
import { isLoopback } from "@/lib/runtime/listen-address";
import { peerAddressHeader } from "@/lib/runtime/peer-address";

export type MetricsAccess = "allowed" | "unauthorized" | "forbidden";

export type AccessRule = { token?: string; trustedHeader?: string; peerHeader?: string };

export function metricsAccess(
  headers: Headers,
  {
    token = config().METRICS_TOKEN,
    trustedHeader = config().TRUSTED_IP_HEADER,
    peerHeader = peerAddressHeader(),
  }: AccessRule = {},
): MetricsAccess {
  if (token) return bearerMatches(headers.get("authorization"), token) ? "allowed" : "unauthorized";
  return fromThisMachine(headers, trustedHeader, peerHeader) ? "allowed" : "forbidden";
}

function bearerMatches(authorization: string | null, token: string): boolean {
  const sent = /^Bearer +(\S+) *$/i.exec(authorization ?? "")?.[1] ?? "";
  // Equal-length digests: the comparison takes as long for a near miss as for anything else.
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(sent), digest(token));
}

function fromThisMachine(headers: Headers, trustedHeader?: string, peerHeader?: string): boolean {
  // Under plain `next start` nobody records the peer: then nobody counts as local.
  const peer = peerHeader ? headers.get(peerHeader) : null;
  if (!peer || !isLoopback(peer)) return false;
  if (!trustedHeader) return true;
  // Behind a proxy on this machine every request arrives from loopback: the
  // client the proxy vouches for must be on this machine too.
  const client = clientIp(headers, trustedHeader, peerHeader);
  return client !== null && isLoopback(client);
}
