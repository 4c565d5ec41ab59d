import { describe, expect, it } from "vitest";
import { clientInfo, clientIp } from "./client-info";

const headers = (h: Record<string, string>) => new Headers(h);

describe("client IP", () => {
  it("ignores forwarded headers unless the operator names one", () => {
    expect(clientIp(headers({ "x-forwarded-for": "203.0.113.9" }), undefined)).toBeNull();
  });

  it("takes the rightmost address of the trusted header, the one the proxy added", () => {
    const ip = (h: Record<string, string>) => clientIp(headers(h), "x-forwarded-for");
    expect(ip({ "x-forwarded-for": "10.9.9.9, 203.0.113.9" })).toBe("203.0.113.9");
    expect(ip({ "x-forwarded-for": "2001:db8::1" })).toBe("2001:db8::1");
    expect(ip({ "x-forwarded-for": "<script>" })).toBeNull();
    expect(ip({ "x-real-ip": "203.0.113.9" })).toBeNull();
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
