// Where our server listens: HOSTNAME (loopback unless told otherwise, so a
// newcomer's demo server is not on the network) and PORT. The name is resolved
// once, so the address we bind, the one we print, the revocation-feed origin and
// the decision to seed demo accounts all agree.
import { lookup } from "node:dns/promises";
import { isIPv6 } from "node:net";
import { hostname as machineName } from "node:os";
import { z } from "zod";

export type ListenAddress = { address: string; port: number; loopbackOnly: boolean };

export class ListenAddressError extends Error {}

const DEFAULT_HOST = "127.0.0.1";

const schema = z.object({
  HOSTNAME: z.string().trim().optional(),
  // 0 picks a free port (tests); the printed line says which.
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
});

/** "::ffff:127.0.0.1" (an IPv4 peer on a dual-stack socket) -> "127.0.0.1". */
export function plainAddress(address: string): string {
  return address.toLowerCase().startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

export function isLoopback(address: string): boolean {
  const plain = plainAddress(address);
  return plain.startsWith("127.") || plain === "::1";
}

// Shells on some distributions and every Docker container export HOSTNAME as the
// machine's own name: that is not a choice to serve the network, so it counts as unset.
function chosenHost(value: string | undefined): string {
  return value && value !== machineName() ? value : DEFAULT_HOST;
}

export async function listenAddress(
  env: Record<string, string | undefined> = process.env,
): Promise<ListenAddress> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new ListenAddressError("PORT must be a port number (0-65535)");
  const host = chosenHost(parsed.data.HOSTNAME);
  let address: string;
  try {
    // What net.Server#listen would pick for a name: the first answer.
    ({ address } = await lookup(host));
  } catch {
    throw new ListenAddressError(
      `HOSTNAME ${host} does not resolve: set an address such as 127.0.0.1 or 0.0.0.0`,
    );
  }
  return { address, port: parsed.data.PORT, loopbackOnly: isLoopback(address) };
}

/** host:port as it goes in a URL, for an address we listen on. */
export function urlHost(address: string, port: number): string {
  return `${isIPv6(address) ? `[${address}]` : address}:${port}`;
}

/** Where this process can reach itself: the bound address, or loopback for a wildcard. */
export function selfOrigin(address: string, port: number): string {
  const reachable = address === "0.0.0.0" ? "127.0.0.1" : address === "::" ? "::1" : address;
  return `http://${urlHost(reachable, port)}`;
}
