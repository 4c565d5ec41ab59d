import { describe, expect, it } from "vitest";
import { SELF_ORIGIN_VAR } from "@/lib/mail/links";
import { relyingParty } from "./relying-party";

describe("the passkey relying party", () => {
  it("is AUTH_URL's host and origin when set", () => {
    expect(relyingParty({ AUTH_URL: "https://auth.example.com/api/auth" })).toMatchObject({
      id: "auth.example.com",
      origins: ["https://auth.example.com"],
    });
  });

  it("on a loopback demo server is localhost on the server's port (browsers refuse IP addresses as RP IDs)", () => {
    expect(relyingParty({ [SELF_ORIGIN_VAR]: "http://127.0.0.1:4321" })).toMatchObject({
      id: "localhost",
      origins: ["http://localhost:4321"],
    });
  });

  it("elsewhere without AUTH_URL is the address the server listens on: set AUTH_URL to a host name for passkeys", () => {
    expect(relyingParty({ [SELF_ORIGIN_VAR]: "http://10.1.2.3:3000" })).toMatchObject({
      id: "10.1.2.3",
      origins: ["http://10.1.2.3:3000"],
    });
  });
});
