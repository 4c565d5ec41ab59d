import { EncryptJWT, SignJWT } from "jose";
import { encode } from "next-auth/jwt";
import { describe, expect, it, vi } from "vitest";
import { mintEdgeToken, verifyEdgeToken } from "./token";

const claims = { sub: "user-1", sid: "session-1", role: "user" };
const OLD = "old-secret-0123456789abcdef0123456789abcdef";
const NEW = "new-secret-0123456789abcdef0123456789abcdef";
describe("edge token", () => {
  it("round-trips sub, sid, role and a short exp", async () => {
    const token = await mintEdgeToken(claims);
    const verified = await verifyEdgeToken(token);
    expect(verified).toMatchObject({ sub: "user-1", sid: "session-1", role: "user" });
    expect(verified!.exp - Date.now() / 1000).toBeLessThanOrEqual(60);
    expect(verified!.exp - Date.now() / 1000).toBeGreaterThan(55);
  });

  it("carries when and how the user last proved who they are, for middleware to read without the database", async () => {
    const authTime = new Date("2026-11-30T10:00:00Z");
    const verified = await verifyEdgeToken(await mintEdgeToken({ ...claims, authTime, amr: ["pwd", "otp"] }));
    expect(verified).toMatchObject({ auth_time: authTime.getTime() / 1000, amr: ["pwd", "otp"] });
    // A token minted without them (older servers) still verifies, without the claims.
    const bare = await verifyEdgeToken(await mintEdgeToken(claims));
    expect(bare?.auth_time).toBeUndefined();
    expect(bare?.amr).toBeUndefined();
  });

  it("names the administrator of a session started as the user (RFC 8693 act), so middleware can keep it out of /admin", async () => {
    const verified = await verifyEdgeToken(await mintEdgeToken({ ...claims, impersonatorId: "admin-1" }));
    expect(verified?.act).toEqual({ sub: "admin-1" });
    expect((await verifyEdgeToken(await mintEdgeToken(claims)))?.act).toBeUndefined();
  });

  it("is encrypted: the payload cannot be read without the key", async () => {
    const token = await mintEdgeToken(claims);
    expect(token.split(".")).toHaveLength(5);
    const text = token
      .split(".")
      .map((p) => Buffer.from(p, "base64url").toString("latin1"))
      .join("");
    expect(text).not.toContain("session-1");
    expect(JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString())).toMatchObject({
      alg: "dir",
      enc: "A256GCM",
    });
  });

  it("refuses expired, tampered, missing and oversized tokens", async () => {
    const expired = await mintEdgeToken(claims, { issuedAt: Math.floor(Date.now() / 1000) - 61 });
    expect(await verifyEdgeToken(expired)).toBeNull();
    const token = await mintEdgeToken(claims);
    const parts = token.split(".");
    parts[3] = (parts[3]![0] === "A" ? "B" : "A") + parts[3]!.slice(1);
    expect(await verifyEdgeToken(parts.join("."))).toBeNull();
    expect(await verifyEdgeToken(undefined)).toBeNull();
    expect(await verifyEdgeToken("")).toBeNull();
    expect(await verifyEdgeToken("a".repeat(10_000))).toBeNull();
  });

  it("refuses a token made with another key, a signed JWT and alg none", async () => {
    const foreign = await mintEdgeToken(claims, { secret: "some-other-secret-0123456789abcdef0123" });
    expect(await verifyEdgeToken(foreign)).toBeNull();
    const signed = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime("1m")
      .sign(new TextEncoder().encode(process.env.AUTH_SECRET));
    expect(await verifyEdgeToken(signed)).toBeNull();
    const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.`;
    expect(await verifyEdgeToken(none)).toBeNull();
  });

  it("refuses a JWE with the right secret but another algorithm or audience", async () => {
    const raw = new Uint8Array(32);
    const other = await new EncryptJWT({ ...claims })
      .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
      .setExpirationTime("1m")
      .encrypt(raw);
    expect(await verifyEdgeToken(other)).toBeNull();
  });

  it("rotates keys: new tokens use the first secret, old ones still verify until the old secret is removed", async () => {
    const old = await mintEdgeToken(claims, { secret: OLD });
    expect(await verifyEdgeToken(old, [NEW, OLD])).not.toBeNull();
    const fresh = await mintEdgeToken(claims, { secret: NEW });
    expect(await verifyEdgeToken(fresh, [NEW])).not.toBeNull();
    expect(await verifyEdgeToken(fresh, [OLD])).toBeNull();
    expect(await verifyEdgeToken(old, [NEW])).toBeNull();
  });
});

describe("edge token in the old format (next-auth/jwt encode)", () => {
  // `encode` stamps iat itself, as the old minting did.
  const legacy = (secret: string, opts: { salt?: string; role?: string } = {}) =>
    encode({
      token: { ...claims, role: opts.role ?? claims.role },
      secret,
      salt: opts.salt ?? "edge-token",
      maxAge: 30 * 24 * 3600,
    });
  const secret = process.env.AUTH_SECRET as string;

  it("is accepted for one edge-token TTL after it was issued, with exp capped to that", async () => {
    const verified = await verifyEdgeToken(await legacy(secret));
    expect(verified).toMatchObject({ sub: "user-1", sid: "session-1", role: "user" });
    expect(verified!.exp - Date.now() / 1000).toBeLessThanOrEqual(60);
    const https = await verifyEdgeToken(await legacy(secret, { salt: "__Host-edge-token" }));
    expect(https).toMatchObject({ sid: "session-1" });
  });

  it("is refused once older than the TTL, though its own exp is 30 days away", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() - 61_000 });
    const old = await legacy(secret);
    vi.useRealTimers();
    expect(await verifyEdgeToken(old)).toBeNull();
  });

  it("is refused when tampered, made with another secret or salt, or carrying an unknown role", async () => {
    const parts = (await legacy(secret)).split(".");
    parts[3] = (parts[3]![0] === "A" ? "B" : "A") + parts[3]!.slice(1);
    expect(await verifyEdgeToken(parts.join("."))).toBeNull();
    expect(await verifyEdgeToken(await legacy("some-other-secret-0123456789abcdef0123"))).toBeNull();
    expect(await verifyEdgeToken(await legacy(secret, { salt: "authjs.session-token" }))).toBeNull();
    expect(await verifyEdgeToken(await legacy(secret, { role: "root" }))).toBeNull();
  });

  it("follows key rotation like the current format", async () => {
    const old = await legacy(OLD);
    expect(await verifyEdgeToken(old, [NEW, OLD])).toMatchObject({ sid: "session-1" });
    expect(await verifyEdgeToken(old, [NEW])).toBeNull();
  });
});
