import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { testClient } from "@/lib/testing/factories";
import { checkPassword } from "./check-password";
import { hashPassword } from "./password";

const { LOGIN_MAX_FAILURES: max } = config();

describe("checkPassword", () => {
  it(`${2 * max - 1} wrong passwords and the right one at once: at most ${max} are checked, and a lockout they earn stays`, async () => {
    const email = `burst-${randomUUID()}@example.com`;
    const hash = await hashPassword("the-right-password");
    const client = { ...testClient, ip: null };
    const tries = [...Array.from({ length: 2 * max - 1 }, (_, i) => `wrong-${i}`), "the-right-password"];
    const results = await Promise.all(
      tries.map((password) => checkPassword({ key: email, client, password, hash })),
    );
    const checked = results.filter((r) => r.ok || r.reason === "wrong");
    expect(checked.length).toBeLessThanOrEqual(max);
    expect(results.filter((r) => !r.ok && r.reason === "throttled").length).toBeGreaterThanOrEqual(max - 1);
    const lockedOut = results.some((r) => !r.ok && r.reason === "wrong" && r.lockedFor > 0);
    const after = await checkPassword({ key: email, client, password: "the-right-password", hash });
    // Whether or not the right one got through, a lockout earned in the burst is still in force after it.
    if (lockedOut) expect(after).toMatchObject({ ok: false, reason: "throttled" });
    else expect(after).toEqual({ ok: true });
  });

  it("a flood of refused attempts writes a handful of audit rows, not one each", async () => {
    const email = `flood-${randomUUID()}@example.com`;
    const hash = await hashPassword("the-right-password");
    const client = { ...testClient, ip: null };
    for (let i = 0; i < max; i++) await checkPassword({ key: email, client, password: "wrong", hash });
    for (let i = 0; i < 30; i++) await checkPassword({ key: email, client, password: "wrong", hash });
    const throttled = await db.auditEvent.findMany({
      where: { action: "login.throttled" },
      select: { details: true },
    });
    const mine = throttled.filter((e) => (e.details as { email?: string }).email === email);
    expect(mine.map((e) => (e.details as { refused: number }).refused)).toEqual([1, 10]);
  });
});
