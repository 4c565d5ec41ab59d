import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, toPage } from "./cursor";

describe("keyset cursors", () => {
  it("round-trip and refuse garbage", () => {
    const c = { at: new Date("2026-11-23T08:00:00.000Z"), id: "abc" };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    for (const bad of [
      "",
      "%%%",
      "x".repeat(300),
      Buffer.from('["nope", 1]').toString("base64url"),
      undefined,
    ]) {
      expect(decodeCursor(bad)).toBeUndefined();
    }
  });

  it("pages forward and back over rows sorted newest first", () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ id: `r${i}`, at: new Date(10_000 - i * 1000) }));
    const at = (r: { at: Date }) => r.at;
    const first = toPage(rows.slice(0, 3), 2, {}, at);
    expect(first.rows.map((r) => r.id)).toEqual(["r0", "r1"]);
    expect(first.previous).toBeUndefined();
    const after = decodeCursor(first.next)!;
    expect(after.id).toBe("r1");
    // Going back from r2, rows arrive oldest first (ascending query) and are put back in order.
    const back = toPage([rows[1]!, rows[0]!], 2, { before: { at: rows[2]!.at, id: "r2" } }, at);
    expect(back.rows.map((r) => r.id)).toEqual(["r0", "r1"]);
    expect(back.previous).toBeUndefined();
    expect(decodeCursor(back.next)?.id).toBe("r1");
  });
});
