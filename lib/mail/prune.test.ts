import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { issueLinkToken } from "@/lib/links/tokens";
import { createUser } from "@/lib/testing/factories";
import { pruneOutbox, SENT_KEPT_DAYS } from "./prune";

const DAY = 86_400_000;

describe("outbox housekeeping", () => {
  it("deletes sent mail after 30 days and links a week after they expired, nothing else", async () => {
    const now = new Date();
    const base = { kind: "test", subject: "s", text: "", html: "" };
    const old = await db.mailMessage.create({
      data: {
        ...base,
        to: "old@example.com",
        status: "sent",
        sentAt: new Date(now.getTime() - (SENT_KEPT_DAYS + 1) * DAY),
      },
    });
    const recent = await db.mailMessage.create({
      data: { ...base, to: "recent@example.com", status: "sent", sentAt: new Date(now.getTime() - DAY) },
    });
    const failed = await db.mailMessage.create({
      data: {
        ...base,
        to: "failed@example.com",
        status: "failed",
        createdAt: new Date(now.getTime() - 90 * DAY),
      },
    });
    const user = await createUser();
    const issue = (at: Date) =>
      db.$transaction((tx) =>
        issueLinkToken(tx, { purpose: "reset_password", userId: user.id, email: user.email }, at),
      );
    await issue(new Date(now.getTime() - 9 * DAY)); // expired about 9 days ago
    await issue(new Date(now.getTime() - 2 * DAY)); // expired about 2 days ago: kept

    const pruned = await pruneOutbox(now);
    expect(pruned.links).toBe(1);
    expect(await db.mailMessage.findUnique({ where: { id: old.id } })).toBeNull();
    expect(await db.mailMessage.findUnique({ where: { id: recent.id } })).not.toBeNull();
    expect(await db.mailMessage.findUnique({ where: { id: failed.id } })).not.toBeNull();
    expect(await db.linkToken.count({ where: { userId: user.id } })).toBe(1);
  });
});
