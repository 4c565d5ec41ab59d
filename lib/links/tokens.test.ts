// Link tokens on the real database of the run (SQLite, or PostgreSQL with
// TEST_DB_PROVIDER=postgresql). Time is moved by passing `now`.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createUser } from "@/lib/testing/factories";
import { checkLinkToken, issueLinkToken, LINK_TTL_SECONDS, spendLinkToken } from "./tokens";

async function resetLink(userId: string, email: string, now = new Date()) {
  return db.$transaction((tx) =>
    issueLinkToken(tx, { purpose: "reset_password", userId, email, credentialsVersion: 0 }, now),
  );
}

describe("link tokens", () => {
  it("are stored as a hash only: no column holds a token that works", async () => {
    const user = await createUser();
    const token = await resetLink(user.id, user.email);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await db.linkToken.findFirstOrThrow({ where: { userId: user.id } });
    expect(Object.values(row).map(String)).not.toContain(token);
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await checkLinkToken(row.tokenHash, ["reset_password"])).toEqual({
      ok: false,
      problem: "invalid",
    });
    expect((await checkLinkToken(token, ["reset_password"])).ok).toBe(true);
    // Another purpose's page does not accept it.
    expect(await checkLinkToken(token, ["verify_email"])).toEqual({ ok: false, problem: "invalid" });
  });

  it("expire after their purpose's lifetime", async () => {
    const user = await createUser();
    const t0 = new Date();
    const token = await resetLink(user.id, user.email, t0);
    const justBefore = new Date(t0.getTime() + LINK_TTL_SECONDS.reset_password * 1000 - 1);
    expect((await checkLinkToken(token, ["reset_password"], justBefore)).ok).toBe(true);
    const atExpiry = new Date(t0.getTime() + LINK_TTL_SECONDS.reset_password * 1000);
    expect(await checkLinkToken(token, ["reset_password"], atExpiry)).toEqual({
      ok: false,
      problem: "expired",
    });
  });

  it("are superseded by a newer link of their kind and by a change of credentials", async () => {
    const user = await createUser();
    const older = await resetLink(user.id, user.email, new Date(Date.now() - 1000));
    const newer = await resetLink(user.id, user.email);
    expect(await checkLinkToken(older, ["reset_password"])).toEqual({ ok: false, problem: "superseded" });
    expect((await checkLinkToken(newer, ["reset_password"])).ok).toBe(true);
    await db.user.update({ where: { id: user.id }, data: { credentialsVersion: { increment: 1 } } });
    expect(await checkLinkToken(newer, ["reset_password"])).toEqual({ ok: false, problem: "superseded" });
  });

  it("are spent once when several requests spend one at the same time", async () => {
    const user = await createUser();
    const token = await resetLink(user.id, user.email);
    const check = await checkLinkToken(token, ["reset_password"]);
    if (!check.ok) throw new Error("link should work");
    const spent = await Promise.all(
      Array.from({ length: 5 }, () => db.$transaction((tx) => spendLinkToken(tx, check.link.id))),
    );
    expect(spent.filter(Boolean)).toHaveLength(1);
    expect(await checkLinkToken(token, ["reset_password"])).toEqual({ ok: false, problem: "used" });
  });
});
