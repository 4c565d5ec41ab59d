import { describe, expect, it } from "vitest";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { createUser, testClient } from "@/lib/testing/factories";
import { beginSession } from "./begin";
import { newSessionToken } from "./token";

describe("beginSession", () => {
  it("keeps the user under the session cap, ending the least recently active through the feed", async () => {
    const user = await createUser();
    const max = config().MAX_SESSIONS_PER_USER;
    const start = (signInMethod: string) =>
      db.$transaction((tx) =>
        beginSession(tx, {
          sessionToken: newSessionToken(),
          userId: user.id,
          client: testClient,
          signInMethod,
        }),
      );
    const first = await start("password");
    await db.session.update({
      where: { id: first.id },
      data: { lastActiveAt: new Date(Date.now() - 60_000) },
    });
    for (let i = 1; i < max; i++) await start("password");
    const newest = await start("github");

    const left = await db.session.findMany({ where: { userId: user.id } });
    expect(left).toHaveLength(max);
    expect(left.map((s) => s.id)).not.toContain(first.id);
    expect(await db.revokedSession.findUnique({ where: { sessionId: first.id } })).toMatchObject({
      reason: "session_cap",
    });
    expect(newest).toMatchObject({
      signInMethod: "github",
      deviceLabel: testClient.deviceLabel,
      ip: testClient.ip,
    });
    const created = await db.auditEvent.findMany({
      where: { targetUserId: user.id, action: "session.created" },
    });
    expect(created).toHaveLength(max + 1);
    expect(created.find((e) => e.sessionId === newest.id)?.details).toEqual({ method: "github" });
  });
});
