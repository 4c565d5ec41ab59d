import { describe, expect, it } from "vitest";
import { bcryptCompare, bcryptHash, closeHashPool, HashingBusyError, hashingBusy } from "./hash-pool";

// A pool this small fills with a handful of tasks. Each test file runs in a
// process of its own, and the pool reads its size when first used.
process.env.PASSWORD_HASH_THREADS = "1";
process.env.PASSWORD_HASH_QUEUE = "2";

describe("hashing pool", () => {
  it("hashes and compares on worker threads", async () => {
    const hash = await bcryptHash("correct horse", 10);
    expect(hash).toMatch(/^\$2[ab]\$10\$/);
    expect(await bcryptCompare("correct horse", hash)).toBe(true);
    expect(await bcryptCompare("wrong horse", hash)).toBe(false);
  });

  it("refuses at once when the queue is full, and takes work again once it drains", async () => {
    const hash = await bcryptHash("x", 10);
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => bcryptCompare("x", hash)));
    const busy = outcomes.filter((o) => o.status === "rejected");
    expect(busy.length).toBeGreaterThan(0);
    for (const o of busy) expect((o as PromiseRejectedResult).reason).toBeInstanceOf(HashingBusyError);
    expect(outcomes.filter((o) => o.status === "fulfilled").length).toBeGreaterThanOrEqual(2);
    expect(hashingBusy()).toBe(false);
    expect(await bcryptCompare("x", hash)).toBe(true);
  });

  // Last: it closes the pool (a later call would start a new one).
  it("closing lets the running and queued hashes finish (shutdown)", async () => {
    const pending = [bcryptHash("a", 10), bcryptHash("b", 10)];
    await closeHashPool();
    const hashes = await Promise.all(pending);
    expect(await Promise.all(hashes.map((h, i) => bcryptCompare(["a", "b"][i] as string, h)))).toEqual([
      true,
      true,
    ]);
    await closeHashPool();
  });

  it("closing now stops the threads and fails what waits for them (a shutdown past its bound)", async () => {
    const outcome = bcryptHash("c", 12).then(
      () => "hashed",
      () => "failed",
    );
    await closeHashPool({ now: true });
    expect(await outcome).toBe("failed");
  });
});
