// The Have I Been Pwned range check against real HTTP servers on this machine:
// one that answers like the API and records what it was sent, one that never answers.
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it, vi } from "vitest";
import { logger } from "@/lib/log/logger";
import { isCommonPassword, pwnedByHibp } from "./breached";

const servers: Server[] = [];

async function listen(handler: (req: IncomingMessage, answer: (body: string) => void) => void) {
  const server = createServer((req, res) => handler(req, (body) => res.end(body)));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/range/`;
}

afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

const sha1 = (p: string) => createHash("sha1").update(p, "utf8").digest("hex").toUpperCase();

describe("breached passwords", () => {
  it.each([
    ["password", true],
    ["PassWord", true],
    ["passwordpassword", true],
    ["1qaz2wsx3edc4rfv", true],
    ["lantern-orchard-velvet-9", false],
    ["admin-demo-password", false],
    ["user-demo-password", false],
  ])("the offline list: %s → %s", (password, listed) => {
    expect(isCommonPassword(password)).toBe(listed);
  });

  it("asks Have I Been Pwned with the first 5 hex characters of the SHA-1 only, and reads the answer", async () => {
    const pwned = "orchard-lantern-velvet-pwned";
    const clean = "orchard-lantern-velvet-clean";
    const received: { url: string; body: string; headers: IncomingMessage["headers"] }[] = [];
    const url = await listen((req, answer) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        received.push({ url: req.url ?? "", body, headers: req.headers });
        // The range answer: suffixes with counts, a padding entry with count 0.
        answer(
          `${sha1(pwned).slice(5)}:42\r\n${sha1(clean).slice(5)}:0\r\n0123456789ABCDEF0123456789ABCDEF012:3`,
        );
      });
    });
    expect(await pwnedByHibp(pwned, url)).toBe(true);
    expect(await pwnedByHibp(clean, url)).toBe(false);
    expect(received.map((r) => r.url)).toEqual([
      `/range/${sha1(pwned).slice(0, 5)}`,
      `/range/${sha1(clean).slice(0, 5)}`,
    ]);
    for (const r of received) {
      expect(r.url).toMatch(/^\/range\/[0-9A-F]{5}$/);
      expect(r.body).toBe("");
      expect(r.headers["add-padding"]).toBe("true");
      // Neither the password nor any more of its hash went out.
      const all = JSON.stringify(r);
      for (const p of [pwned, clean]) {
        expect(all).not.toContain(p);
        expect(all).not.toContain(sha1(p).slice(5, 12));
      }
    }
  });

  it("accepts (and logs) when the service never answers, after about 2 seconds", async () => {
    const url = await listen(() => {
      // Holds the request open: the client's timeout must end it.
    });
    const warn = vi.spyOn(logger(), "warn").mockImplementation(() => {});
    const started = Date.now();
    expect(await pwnedByHibp("orchard-lantern-velvet-slow", url)).toBe(false);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(1900);
    expect(took).toBeLessThan(5000);
    expect(warn.mock.calls[0]?.[0]).toMatchObject({ event: "breached_check.unavailable" });
    expect(warn.mock.calls[0]?.[1]).toMatch(/Have I Been Pwned could not be asked/);
    warn.mockRestore();
  });
});
