import { describe, expect, it } from "vitest";
import { oncePerSecret } from "./derive";

describe("oncePerSecret", () => {
  it("derives once for callers at the same time and after", async () => {
    let runs = 0;
    const key = oncePerSecret(async (secret) => `${secret}:${++runs}`);
    expect(await Promise.all([key("a"), key("a")])).toEqual(["a:1", "a:1"]);
    expect(await key("a")).toBe("a:1");
    expect(await key("b")).toBe("b:2");
  });

  it("forgets a derivation that failed, so the next caller gets a key", async () => {
    let runs = 0;
    const key = oncePerSecret(async (secret) => {
      if (++runs === 1) throw new Error("the operation was aborted");
      return `${secret}:${runs}`;
    });
    const [first, second] = await Promise.allSettled([key("a"), key("a")]);
    expect(first.status).toBe("rejected");
    expect(second.status).toBe("rejected");
    expect(await key("a")).toBe("a:2");
    expect(await key("a")).toBe("a:2");
  });
});
