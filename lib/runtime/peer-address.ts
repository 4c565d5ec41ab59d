// The TCP peer's address, handed from our HTTP server to the app's code in a
// request header. The header's name is random per process and known only through
// a global slot both copies of this module read (the server loads it through tsx,
// Next's bundle has its own copy; both run in one realm). A client cannot guess
// the name, and under plain `next start`/`next dev` nobody sets the slot, so
// nothing is read from any header at all.
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { plainAddress } from "./listen-address";

const PREFIX = "x-peer-address-";
const SLOT = Symbol.for("hybrid-auth.peer-address-header");

type WithSlot = typeof globalThis & { [SLOT]?: string };

/** The header our server sets in this process, if our server runs here. */
export function peerAddressHeader(): string | undefined {
  return (globalThis as WithSlot)[SLOT];
}

/** Called once by our server before Next loads. */
export function installPeerAddressHeader(): string {
  const slot = globalThis as WithSlot;
  slot[SLOT] ??= PREFIX + randomBytes(16).toString("hex");
  return slot[SLOT];
}

/** Drops every header a client sent under our prefix (a guess, or another process's name), then sets ours. */
export function stampPeerAddress(req: IncomingMessage, header: string): void {
  for (const name of Object.keys(req.headers)) if (name.startsWith(PREFIX)) delete req.headers[name];
  const peer = req.socket.remoteAddress;
  if (peer) req.headers[header] = plainAddress(peer);
}
