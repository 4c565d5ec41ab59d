// Who may read /api/metrics, over real sockets: a real HTTP server that records
// the TCP peer the way ours does (lib/runtime/peer-address.ts), real requests
// from loopback and from this machine's network address (a caller that is not
// local), and the endpoint's own answers.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashQueueSize } from "@/lib/auth/hash-pool";
import { checkDatabase } from "@/lib/health/checks";
import { installPeerAddressHeader, stampPeerAddress } from "@/lib/runtime/peer-address";
import { countActiveSessions } from "@/lib/sessions/store";
import type { AccessRule } from "./access";
import { metricsResponse } from "./endpoint";

const TOKEN = "0123456789abcdef".repeat(3);

/** An address of this machine that is not loopback: requests to it arrive from it. */
const networkAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === "IPv4" && !i.internal)?.address;

let server: Server;
let port: number;
let rule: AccessRule = {};

beforeAll(async () => {
  const peerHeader = installPeerAddressHeader();
  server = createServer(async (req, res) => {
    stampPeerAddress(req, peerHeader);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === "string") headers.set(name, value);
    const answer = await metricsResponse(
      new Request(`http://${req.headers.host}${req.url}`, { headers }),
      {
        databaseUp: async () => (await checkDatabase()).status === "pass",
        activeSessions: countActiveSessions,
        hashQueueDepth: hashQueueSize,
      },
      rule,
    );
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(await answer.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "0.0.0.0", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function scrape(host: string, headers: Record<string, string> = {}) {
  return fetch(`http://${host}:${port}/api/metrics`, { headers });
}

describe("GET /api/metrics without METRICS_TOKEN", () => {
  it("answers a request from loopback with the metrics", async () => {
    rule = {};
    const res = await scrape("127.0.0.1");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await res.text()).toContain("# TYPE hybrid_auth_sign_ins_total counter");
  });

  it.skipIf(!networkAddress)(
    "refuses a caller that is not on loopback, whatever forwarding headers it sends",
    async () => {
      rule = {};
      const forged = {
        "x-forwarded-for": "127.0.0.1",
        "x-real-ip": "127.0.0.1",
        forwarded: "for=127.0.0.1",
        // A guess at our server's own header: dropped before the peer is recorded.
        "x-peer-address-0123456789abcdef0123456789abcdef": "127.0.0.1",
      };
      for (const headers of [{}, forged]) {
        const res = await scrape(networkAddress as string, headers);
        expect(res.status).toBe(403);
        expect(await res.text()).not.toContain("hybrid_auth");
      }
    },
  );

  it("behind a trusted proxy on this machine, goes by the address the proxy vouches for, not the loopback peer", async () => {
    rule = { trustedHeader: "x-forwarded-for" };
    // The proxy appends the client it saw: a client's own "127.0.0.1" stays to the left.
    expect((await scrape("127.0.0.1", { "x-forwarded-for": "127.0.0.1, 203.0.113.9" })).status).toBe(403);
    expect((await scrape("127.0.0.1")).status).toBe(403);
    expect((await scrape("127.0.0.1", { "x-forwarded-for": "127.0.0.1" })).status).toBe(200);
    // The header alone is not enough: the connection must come from this machine too.
    if (networkAddress)
      expect((await scrape(networkAddress, { "x-forwarded-for": "127.0.0.1" })).status).toBe(403);
  });

  it("refuses everyone when no server recorded the peer (plain next start)", async () => {
    rule = { peerHeader: "x-peer-address-nobody-sets-this" };
    expect((await scrape("127.0.0.1")).status).toBe(403);
  });
});

describe("GET /api/metrics with METRICS_TOKEN", () => {
  it("needs the token from loopback too, and answers 401 without it or with a wrong one", async () => {
    rule = { token: TOKEN };
    const cases: [Record<string, string>, number][] = [
      [{}, 401],
      [{ authorization: `Bearer ${TOKEN.slice(0, -1)}x` }, 401],
      [{ authorization: `Bearer ${TOKEN}extra` }, 401],
      [{ authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString("base64")}` }, 401],
      [{ authorization: `Bearer ${TOKEN}` }, 200],
      [{ authorization: `bearer ${TOKEN}` }, 200],
    ];
    for (const [headers, status] of cases) {
      const res = await scrape("127.0.0.1", headers);
      expect(res.status, JSON.stringify(headers)).toBe(status);
      if (status === 401) expect(res.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
    }
  });

  it.skipIf(!networkAddress)("answers a caller anywhere that sends it", async () => {
    rule = { token: TOKEN };
    expect((await scrape(networkAddress as string)).status).toBe(401);
    expect((await scrape(networkAddress as string, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });
});
