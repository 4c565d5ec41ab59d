import { describe, expect, it } from "vitest";
import { newPassword, safeNextPath, signUpForm } from "./forms";

describe("safeNextPath", () => {
  it.each([
    ["/devices", "/devices"],
    ["/admin/sessions?page=2", "/admin/sessions?page=2"],
    ["/a/../devices", "/devices"],
  ])("keeps the same-origin path %s", (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });

  it.each([
    "https://evil.example/",
    "//evil.example/x",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "evil.example",
    "/\tevil",
    "",
    null,
    undefined,
    `/${"a".repeat(2000)}`,
  ])("falls back to /dashboard for %s", (input) => {
    expect(safeNextPath(input)).toBe("/dashboard");
  });
});

describe("form rules", () => {
  it("normalises the email and refuses invalid ones", () => {
    expect(signUpForm.parse({ name: " A ", email: " Alice@Example.COM ", password: "12345678" })).toEqual({
      name: "A",
      email: "alice@example.com",
      password: "12345678",
    });
    expect(signUpForm.safeParse({ name: "A", email: "not-an-email", password: "12345678" }).success).toBe(
      false,
    );
  });

  it("refuses passwords bcrypt would silently cut at 72 bytes", () => {
    expect(newPassword.safeParse("a".repeat(72)).success).toBe(true);
    expect(newPassword.safeParse("a".repeat(73)).success).toBe(false);
    expect(newPassword.safeParse("é".repeat(37)).success).toBe(false);
    expect(newPassword.safeParse("short").success).toBe(false);
  });
});
