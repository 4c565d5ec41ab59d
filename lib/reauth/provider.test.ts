import { describe, expect, it } from "vitest";
import { freshAuthTime } from "./provider";

const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
const idToken = (claims: object) => `${part({ alg: "RS256" })}.${part({ sub: "s", ...claims })}.c2ln`;
const now = Date.UTC(2026, 11, 1, 12);
const at = (secondsAgo: number) => idToken({ auth_time: now / 1000 - secondsAgo });

describe("freshAuthTime: only a provider sign-in made just now confirms it's you", () => {
  it("accepts a sign-in a few minutes old, and one a little ahead of our clock", () => {
    expect(freshAuthTime(at(0), now)).toBe(true);
    expect(freshAuthTime(at(290), now)).toBe(true);
    expect(freshAuthTime(at(-30), now)).toBe(true);
  });

  it("refuses an old sign-in (a provider that kept its own session), or one far in the future", () => {
    expect(freshAuthTime(at(301), now)).toBe(false);
    expect(freshAuthTime(at(86_400), now)).toBe(false);
    expect(freshAuthTime(at(-120), now)).toBe(false);
  });

  it("refuses a token without auth_time, with a malformed one, or none at all", () => {
    expect(freshAuthTime(idToken({}), now)).toBe(false);
    expect(freshAuthTime(idToken({ auth_time: String(now / 1000) }), now)).toBe(false);
    expect(freshAuthTime("not-a-jwt", now)).toBe(false);
    expect(freshAuthTime(undefined, now)).toBe(false);
  });
});
