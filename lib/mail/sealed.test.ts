import { describe, expect, it } from "vitest";
import { authSecrets } from "@/lib/config/env";
import { openBody, sealBody, UnreadableBodyError } from "./sealed";

describe("sealed mail bodies", () => {
  it("open with the current secret or with it anywhere in the rotation list, and never without it", async () => {
    const body = "Set a new password: https://a.example/reset-password?token=abc";
    const sealed = await sealBody(body);
    expect(sealed).not.toContain("token=abc");
    expect(await openBody(sealed)).toBe(body);
    const retired = "a-secret-that-is-no-longer-configured-0123456789";
    expect(await openBody(sealed, [retired, ...authSecrets()])).toBe(body);
    await expect(openBody(sealed, [retired])).rejects.toBeInstanceOf(UnreadableBodyError);
    // Two seals of one body differ (fresh IV): equal bodies are not visible as equal.
    expect(await sealBody(body)).not.toBe(sealed);
  });
});
