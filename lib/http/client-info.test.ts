import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { installPeerAddressHeader, stampPeerAddress } from "@/lib/runtime/peer-address";
import { clientInfo, clientIp } from "./client-info";

const headers = (h: Record<string, string>) => new Headers(h);

/** What the app reads as the client's IP behind our server, for a request sent from 127.0.0.1 with `sent` headers. */
async function ipThroughOurServer(
  sent: Record<string, string>,
  trustedHeader?: string,
): Promise<string | null> {
  const peerHeader = installPeerAddressHeader();
  const server = createServer((req, res) => {
    stampPeerAddress(req, peerHeader);
    const seen = new Headers(req.headers as Record<string, string>);
    res.end(JSON.stringify(clientIp(seen, trustedHeader, peerHeader)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { headers: sent });
    return (await res.json()) as string | null;
  } finally {
    server.close();
  }
}

describe("client IP", () => {
  it("is the TCP peer's address behind our server, whatever the client claims", async () => {
    expect(await ipThroughOurServer({})).toBe("127.0.0.1");
    expect(
      await ipThroughOurServer({
        "x-forwarded-for": "203.0.113.9",
        "x-real-ip": "203.0.113.8",
        // A guessed name, another process's name, and this process's own (were it ever leaked).
        "x-peer-address-00000000000000000000000000000000": "203.0.113.7",
        "x-peer-address-": "203.0.113.6",
        [installPeerAddressHeader()]: "203.0.113.5",
      }),
    ).toBe("127.0.0.1");
  });

  it("reads no header at all where our server does not run (plain next start)", () => {
    const forged = headers({ "x-peer-address-0123": "203.0.113.7", "x-forwarded-for": "203.0.113.9" });
    expect(clientIp(forged, undefined, undefined)).toBeNull();
  });

  it("takes the rightmost address of the trusted header, the one the proxy added, over the peer", async () => {
    const ip = (h: Record<string, string>) => clientIp(headers(h), "x-forwarded-for", "x-peer-address-1");
    expect(ip({ "x-forwarded-for": "10.9.9.9, 203.0.113.9", "x-peer-address-1": "10.0.0.2" })).toBe(
      "203.0.113.9",
    );
    expect(ip({ "x-forwarded-for": "2001:db8::1" })).toBe("2001:db8::1");
    expect(ip({ "x-forwarded-for": "<script>" })).toBeNull();
    // Behind a proxy the peer is the proxy: never every client's address.
    expect(ip({ "x-real-ip": "203.0.113.9", "x-peer-address-1": "10.0.0.2" })).toBeNull();
    expect(await ipThroughOurServer({ "x-forwarded-for": "203.0.113.9" }, "x-forwarded-for")).toBe(
      "203.0.113.9",
    );
  });

  it("labels the device from the user agent and caps its length", () => {
    const info = clientInfo(
      headers({
        "user-agent": `Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0${"x".repeat(1000)}`,
      }),
    );
    expect(info.deviceLabel).toBe("Firefox on Windows");
    expect(info.userAgent).toHaveLength(512);
    expect(clientInfo(headers({})).deviceLabel).toBe("Unknown device");
  });
});
