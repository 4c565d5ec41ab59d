// New-sign-in alerts against the real database of the run; time moved by `now`.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createUser, testClient } from "@/lib/testing/factories";
import { KNOWN_DEVICE_DAYS, newDeviceId, noteSignInDevice } from "./known-devices";

const DAY = 86_400_000;

async function signIn(
  user: { id: string; email: string; name: string | null },
  deviceId?: string,
  now = new Date(),
) {
  const sessionId = `s-${Math.random().toString(36).slice(2)}`;
  return db.$transaction((tx) =>
    noteSignInDevice(tx, { user, sessionId, client: testClient, deviceId, now }),
  );
}

const alerts = (email: string) => db.mailMessage.count({ where: { to: email, kind: "new_sign_in" } });

describe("new-sign-in alerts", () => {
  it("skip the account's first device and devices seen within 90 days; mail for a new one and one unseen for longer", async () => {
    const user = await createUser();
    const t0 = new Date();
    const first = await signIn(user, undefined, t0);
    expect(await alerts(user.email)).toBe(0);
    expect(await signIn(user, first, t0)).toBe(first);
    expect(await alerts(user.email)).toBe(0);

    const second = await signIn(user, newDeviceId(), t0);
    expect(await alerts(user.email)).toBe(1);
    const link = await db.linkToken.findFirstOrThrow({ where: { userId: user.id, purpose: "not_me" } });
    expect(link.sessionId).toMatch(/^s-/);

    await signIn(user, second, new Date(t0.getTime() + (KNOWN_DEVICE_DAYS - 1) * DAY));
    expect(await alerts(user.email)).toBe(1);
    // Last seen 89 days in: unseen for more than 90 days by day 180.
    await signIn(user, second, new Date(t0.getTime() + 180 * DAY));
    expect(await alerts(user.email)).toBe(2);
  });

  it("give a malformed device cookie a new id instead of trusting it", async () => {
    const user = await createUser();
    await signIn(user);
    const forged = "x".repeat(10);
    const id = await signIn(user, forged);
    expect(id).not.toBe(forged);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await alerts(user.email)).toBe(1);
  });
});
