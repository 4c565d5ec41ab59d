import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createUser, testClient } from "@/lib/testing/factories";
import { disconnect } from "./connected-accounts";

async function link(userId: string, provider: string) {
  await db.account.create({ data: { userId, provider, type: "oidc", providerAccountId: randomUUID() } });
}

describe("disconnecting a provider", () => {
  it("removes the link and audits it while a password remains", async () => {
    const user = await createUser();
    await db.user.update({ where: { id: user.id }, data: { passwordHash: "$2b$10$x" } });
    await link(user.id, "oidc");
    expect(await disconnect(user.id, "oidc", testClient)).toBe("disconnected");
    expect(await db.account.count({ where: { userId: user.id } })).toBe(0);
    const event = await db.auditEvent.findFirst({
      where: { targetUserId: user.id, action: "account.unlinked" },
    });
    expect(event?.details).toEqual({ provider: "oidc" });
    expect(await disconnect(user.id, "oidc", testClient)).toBe("not_connected");
  });

  it("refuses the last way to sign in, and allows it while another provider or a passkey remains", async () => {
    const user = await createUser();
    await link(user.id, "oidc");
    await link(user.id, "github");
    expect(await disconnect(user.id, "github", testClient)).toBe("disconnected");
    expect(await disconnect(user.id, "oidc", testClient)).toBe("last_method");
    expect(await db.account.count({ where: { userId: user.id } })).toBe(1);

    await db.authenticator.create({
      data: {
        userId: user.id,
        credentialID: randomUUID(),
        providerAccountId: randomUUID(),
        credentialPublicKey: "key",
        counter: 0,
        credentialDeviceType: "singleDevice",
        credentialBackedUp: false,
      },
    });
    expect(await disconnect(user.id, "oidc", testClient)).toBe("disconnected");
  });

  it("of two at once, leaves one way to sign in", async () => {
    const user = await createUser();
    await link(user.id, "oidc");
    await link(user.id, "github");
    const results = await Promise.all([
      disconnect(user.id, "oidc", testClient),
      disconnect(user.id, "github", testClient),
    ]);
    expect(results.sort()).toEqual(["disconnected", "last_method"]);
    expect(await db.account.count({ where: { userId: user.id } })).toBe(1);
  });
});
