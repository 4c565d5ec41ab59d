// The device authorization grant end to end through the real endpoints and the
// run's database: RFC 8628's answers, single use, expiry, throttled guessing,
// and the session it makes, which is a session like a browser's.
import { describe, expect, it } from "vitest";
import { sha256Hex } from "@/lib/crypto/token";
import { db } from "@/lib/db/client";
import { listActiveSessions } from "@/lib/sessions/store";
import { createUser, testClient } from "@/lib/testing/factories";
import { decideDeviceRequest, normalizeUserCode, USER_CODE_ALPHABET } from "./device-grant";
import { DEVICE_CODE_GRANT, deviceAuthorizationEndpoint, tokenEndpoint } from "./endpoints";
import { dpopKey, formPost } from "./test-client";

type Started = {
  device_code: string;
  user_code: string;
  verification_uri_complete: string;
  interval: number;
};

async function start(form: Record<string, string> = {}) {
  const res = await deviceAuthorizationEndpoint(
    await formPost("/api/oauth/device_authorization", { client_id: "cli", ...form }),
  );
  return { status: res.status, body: (await res.json()) as Started & { error?: string } };
}

async function poll(deviceCode: string, key?: Awaited<ReturnType<typeof dpopKey>>, clientId = "cli") {
  const res = await tokenEndpoint(
    await formPost(
      "/api/oauth/token",
      { grant_type: DEVICE_CODE_GRANT, device_code: deviceCode, client_id: clientId },
      key,
    ),
  );
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The device waited its interval: moved in the database, not by sleeping. */
const waited = (deviceCode: string) =>
  db.deviceAuthorization.update({
    where: { deviceCodeHash: sha256Hex(deviceCode) },
    data: { polledAt: new Date(Date.now() - 120_000) },
  });

const approver = (userId: string) => ({
  userId,
  sessionId: "browser-session",
  authTime: new Date(),
  amr: ["pwd"],
  client: testClient,
});

describe("the device authorization grant", () => {
  it("answers pending, then slow_down, then tokens once, and the session is listed like a browser's", async () => {
    const user = await createUser();
    const key = await dpopKey();
    const { status, body } = await start({ scope: "profile sessions:read" });
    expect(status).toBe(200);
    expect(body.user_code).toMatch(new RegExp(`^[${USER_CODE_ALPHABET}]{4}-[${USER_CODE_ALPHABET}]{4}$`));
    expect(body.verification_uri_complete).toContain(`/device?code=${body.user_code}`);

    expect((await poll(body.device_code, key)).body.error).toBe("authorization_pending");
    // At once again: too fast.
    expect((await poll(body.device_code, key)).body.error).toBe("slow_down");
    const row = await db.deviceAuthorization.findUnique({
      where: { deviceCodeHash: sha256Hex(body.device_code) },
    });
    expect(row?.interval).toBe(body.interval + 5);

    expect(await decideDeviceRequest(body.user_code.toLowerCase(), "approve", approver(user.id))).toEqual({
      ok: true,
    });
    await waited(body.device_code);
    const tokens = await poll(body.device_code, key);
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({
      token_type: "DPoP",
      scope: "profile sessions:read",
      expires_in: 300,
    });

    await waited(body.device_code);
    expect((await poll(body.device_code, key)).body.error).toBe("invalid_grant");

    const [session] = await listActiveSessions(user.id);
    expect(session).toMatchObject({ clientId: "cli", signInMethod: "device_code", deviceLabel: "CLI" });
    expect(session?.dpopJkt).toBeTruthy();
    const events = await db.auditEvent.findMany({
      where: { targetUserId: user.id },
      select: { action: true },
    });
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(["api.device_approved", "session.created"]),
    );
  });

  it("answers access_denied after Deny and expired_token once the code ran out", async () => {
    const user = await createUser();
    const denied = await start();
    await decideDeviceRequest(denied.body.user_code, "deny", approver(user.id));
    expect((await poll(denied.body.device_code, await dpopKey())).body.error).toBe("access_denied");

    const late = await start();
    await db.deviceAuthorization.update({
      where: { deviceCodeHash: sha256Hex(late.body.device_code) },
      data: { expires: new Date(Date.now() - 1000) },
    });
    expect((await poll(late.body.device_code, await dpopKey())).body.error).toBe("expired_token");
    expect(await decideDeviceRequest(late.body.user_code, "approve", approver(user.id))).toEqual({
      ok: false,
      problem: "unknown",
    });
  });

  it("refuses an unknown client, another client's code, a JSON body, an unknown scope and a missing proof", async () => {
    const unknown = await deviceAuthorizationEndpoint(
      await formPost("/api/oauth/device_authorization", { client_id: "stranger" }),
    );
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ error: "invalid_client" });

    const json = await deviceAuthorizationEndpoint(
      new Request("http://localhost:3000/api/oauth/device_authorization", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ client_id: "cli" }),
      }),
    );
    expect(await json.json()).toMatchObject({ error: "invalid_request" });
    expect((await start({ scope: "profile admin" })).body.error).toBe("invalid_scope");

    const { body } = await start();
    // The cli client needs DPoP.
    expect((await poll(body.device_code)).body.error).toBe("invalid_dpop_proof");
  });

  it("is approved once: two approvals at once leave one, and a code is single use", async () => {
    const user = await createUser();
    const { body } = await start();
    const results = await Promise.all([
      decideDeviceRequest(body.user_code, "approve", approver(user.id)),
      decideDeviceRequest(body.user_code, "approve", approver(user.id)),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const key = await dpopKey();
    await waited(body.device_code);
    const polls = await Promise.all([poll(body.device_code, key), poll(body.device_code, key)]);
    expect(polls.filter((p) => p.status === 200)).toHaveLength(1);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
  });

  it("throttles guessing: after 5 wrong codes even the right one is refused", async () => {
    const user = await createUser();
    const { body } = await start();
    const guesser = {
      ...approver(user.id),
      client: { ...testClient, ip: `203.0.113.${Math.floor(Math.random() * 250)}` },
    };
    for (let i = 0; i < 5; i++) {
      expect(await decideDeviceRequest("BBBB-BBBB", "approve", guesser)).toEqual({
        ok: false,
        problem: "unknown",
      });
    }
    expect(await decideDeviceRequest(body.user_code, "approve", guesser)).toEqual({
      ok: false,
      problem: "throttled",
    });
    expect(
      await db.auditEvent.count({ where: { targetUserId: user.id, action: "api.device_code_refused" } }),
    ).toBe(5);
  });

  it("lets one address start 30 sign-ins in 15 minutes, then answers slow_down", async () => {
    const ip = `192.0.2.${Math.floor(Math.random() * 250) + 1}`;
    const ask = async () =>
      (
        await deviceAuthorizationEndpoint(
          await formPost("/api/oauth/device_authorization", { client_id: "cli" }, undefined, { ip }),
        )
      ).json();
    const answers = await Promise.all(Array.from({ length: 31 }, ask));
    expect(answers.filter((a) => a.device_code)).toHaveLength(30);
    expect(answers.filter((a) => a.error === "slow_down")).toHaveLength(1);
    // Another address is not held up.
    const other = await deviceAuthorizationEndpoint(
      await formPost("/api/oauth/device_authorization", { client_id: "cli" }, undefined, {
        ip: "198.51.100.200",
      }),
    );
    expect(other.status).toBe(200);
  });

  it("reads user codes as people type them", () => {
    expect(normalizeUserCode("bcdf ghjk")).toBe("BCDFGHJK");
    expect(normalizeUserCode("BCDF-GHJK")).toBe("BCDFGHJK");
    // Vowels and digits are not in the alphabet: a look-alike never matches.
    expect(normalizeUserCode("BCDF-GHJ0")).toBeNull();
    expect(normalizeUserCode("BCDF-GHJ")).toBeNull();
  });

  it("does not sign in a locked account", async () => {
    const user = await createUser();
    const { body } = await start();
    await decideDeviceRequest(body.user_code, "approve", approver(user.id));
    await db.user.update({ where: { id: user.id }, data: { lockedAt: new Date() } });
    await waited(body.device_code);
    expect((await poll(body.device_code, await dpopKey())).body.error).toBe("access_denied");
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });
});
