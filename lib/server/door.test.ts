// The door in front of Next, on a real HTTP server: plain sign-in and sign-up
// form posts are turned away while hashing is saturated; nothing else is.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RETRY_AFTER_SECONDS, refuseWhenBusy } from "./door";

let busy = true;
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (refuseWhenBusy(req, res, () => busy)) return;
    res.end("reached the app");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const form = () => new URLSearchParams({ email: "a@example.com", password: "x".repeat(12) });

describe("the sign-in door", () => {
  it("answers a plain form post to /login or /signup with 503, Retry-After and a small page", async () => {
    for (const path of ["/login", "/signup", "/login?next=%2Fdevices"]) {
      const res = await fetch(base + path, { method: "POST", body: form() });
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe(String(RETRY_AFTER_SECONDS));
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await res.text()).toContain("Too many sign-ins right now. Try again in a moment.");
    }
  });

  it("lets through what it does not guard: JavaScript posts, page loads, other paths, and everything when not busy", async () => {
    const reached = async (path: string, init?: RequestInit) =>
      (await fetch(base + path, init)).status === 200;
    expect(await reached("/login", { method: "POST", body: form(), headers: { "next-action": "abc" } })).toBe(
      true,
    );
    expect(await reached("/login")).toBe(true);
    expect(await reached("/settings/password", { method: "POST", body: form() })).toBe(true);
    expect(await reached("/login/other", { method: "POST", body: form() })).toBe(true);
    busy = false;
    expect(await reached("/login", { method: "POST", body: form() })).toBe(true);
  });
});
