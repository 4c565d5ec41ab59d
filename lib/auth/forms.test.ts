import { describe, expect, it } from "vitest";
import { newPassword, safeNextPath, signUpForm } from "./forms";
import { NEXT_PATH_CASES, REFUSED } from "./next-path-cases";

describe("safeNextPath", () => {
  it.each(NEXT_PATH_CASES)("turns $next into $want", ({ next, want }) => {
    expect(safeNextPath(next)).toBe(want);
  });

  it("falls back when there is no next at all", () => {
    expect(safeNextPath(null)).toBe(REFUSED);
    expect(safeNextPath(undefined)).toBe(REFUSED);
  });

  it("returns only paths that resolve to themselves on the same origin", () => {
    for (const { next } of NEXT_PATH_CASES) {
      const path = safeNextPath(next);
      const url = new URL(path, "https://app.example");
      expect(url.origin, next).toBe("https://app.example");
      expect(url.pathname + url.search + url.hash, next).toBe(path);
    }
  });
});

describe("form rules", () => {
  it("normalises the email and refuses invalid ones", () => {
    expect(
      signUpForm.parse({ name: " A ", email: " Alice@Example.COM ", password: "lantern orchard velvet" }),
    ).toEqual({
      name: "A",
      email: "alice@example.com",
      password: "lantern orchard velvet",
    });
    expect(
      signUpForm.safeParse({ name: "A", email: "not-an-email", password: "lantern orchard velvet" }).success,
    ).toBe(false);
  });

  it("takes any bytes a password may hold: no 72-byte limit, length in code points", () => {
    expect(newPassword.safeParse("a".repeat(73)).success).toBe(true);
    expect(newPassword.safeParse("é".repeat(37)).success).toBe(true);
    expect(newPassword.safeParse("short").success).toBe(false);
  });
});
