import { describe, expect, it } from "vitest";
import { DONE_MESSAGES, doneMessage } from "./done";

describe("doneMessage", () => {
  it("gives a known key's fixed words", () => {
    expect(doneMessage({ done: "device-signed-out" })).toBe(DONE_MESSAGES["device-signed-out"]);
  });

  it("shows nothing for an unknown key, an inherited name, a repeated parameter or none", () => {
    for (const done of ["<b>hello</b>", "constructor", "__proto__", "toString", ""])
      expect(doneMessage({ done })).toBeNull();
    expect(doneMessage({ done: ["device-signed-out", "passkey-removed"] })).toBeNull();
    expect(doneMessage({})).toBeNull();
  });
});
