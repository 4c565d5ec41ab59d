import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import { isLoopback, ListenAddressError, listenAddress, plainAddress, selfOrigin } from "./listen-address";

describe("where our server listens", () => {
  it("defaults to 127.0.0.1:3000, loopback only", async () => {
    expect(await listenAddress({})).toEqual({ address: "127.0.0.1", port: 3000, loopbackOnly: true });
    expect(await listenAddress({ HOSTNAME: " ", PORT: "0" })).toEqual({
      address: "127.0.0.1",
      port: 0,
      loopbackOnly: true,
    });
  });

  it("takes HOSTNAME, resolved once, and knows whether it is loopback only", async () => {
    expect(await listenAddress({ HOSTNAME: "127.0.0.2", PORT: "4000" })).toEqual({
      address: "127.0.0.2",
      port: 4000,
      loopbackOnly: true,
    });
    expect((await listenAddress({ HOSTNAME: "localhost" })).loopbackOnly).toBe(true);
    expect((await listenAddress({ HOSTNAME: "0.0.0.0" })).loopbackOnly).toBe(false);
    expect((await listenAddress({ HOSTNAME: "::" })).loopbackOnly).toBe(false);
    expect((await listenAddress({ HOSTNAME: "192.0.2.1" })).loopbackOnly).toBe(false);
  });

  it("ignores a HOSTNAME that is just the machine's name, as shells and containers export it", async () => {
    expect((await listenAddress({ HOSTNAME: hostname() })).address).toBe("127.0.0.1");
  });

  it("refuses a PORT that is not a port, in one line", async () => {
    await expect(listenAddress({ PORT: "http" })).rejects.toThrow(
      new ListenAddressError("PORT must be a port number (0-65535)"),
    );
  });

  it("reaches itself on loopback when bound to a wildcard", () => {
    expect(selfOrigin("0.0.0.0", 3000)).toBe("http://127.0.0.1:3000");
    expect(selfOrigin("::", 3000)).toBe("http://[::1]:3000");
    expect(selfOrigin("127.0.0.2", 3100)).toBe("http://127.0.0.2:3100");
    expect(selfOrigin("2001:db8::1", 80)).toBe("http://[2001:db8::1]:80");
  });

  it("reads IPv4 peers on a dual-stack socket as IPv4", () => {
    expect(plainAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(plainAddress("::ffff:7f00:1")).toBe("::ffff:7f00:1");
    expect(plainAddress("::1")).toBe("::1");
    expect(isLoopback("::ffff:127.0.0.5")).toBe(true);
    expect(isLoopback("10.0.0.1")).toBe(false);
  });
});
