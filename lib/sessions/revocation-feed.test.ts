import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { feedKey } from "@/lib/edge/revocations";
import { newSessionToken } from "@/lib/sessions/token";
import { createUser, testClient } from "@/lib/testing/factories";
import { isFeedCaller, revokedSince } from "./revocation-feed";
import { endSessions, insertSession } from "./store";

describe("revocation feed", () => {
  it("lists sessions revoked after the cursor, and nothing older than one edge TTL", async () => {
    const user = await createUser();
    const before = Date.now() - 1;
    const s = await insertSession(db, {
      sessionToken: newSessionToken(),
      userId: user.id,
      client: testClient,
    });
    await db.$transaction((tx) => endSessions(tx, [s], "revoked", { action: "session.revoked" }));
    const feed = await revokedSince(before);
    expect(feed.revoked.map((r) => r.sid)).toContain(s.id);
    expect((await revokedSince(feed.now)).revoked.map((r) => r.sid)).not.toContain(s.id);

    await db.revokedSession.create({
      data: {
        sessionId: "ancient",
        userId: user.id,
        reason: "revoked",
        revokedAt: new Date(Date.now() - 3600_000),
      },
    });
    expect((await revokedSince(0)).revoked.map((r) => r.sid)).not.toContain("ancient");
  });

  it("answers only callers that know AUTH_SECRET", async () => {
    expect(await isFeedCaller(await feedKey())).toBe(true);
    expect(await isFeedCaller(null)).toBe(false);
    expect(await isFeedCaller("guess")).toBe(false);
    expect(await isFeedCaller(await feedKey("another-secret-0123456789abcdef0123456789"))).toBe(false);
  });
});
