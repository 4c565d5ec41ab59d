// examples/verify-service.ts, the "other service", against tokens minted by our
// own code and keys served by our own JWKS module from a real http server: it
// takes what we issue, refuses what we did not, and a key rotation between
// minting and checking breaks nothing.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { decodeProtectedHeader, SignJWT, UnsecuredJWT } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { accessTokenVerifier } from "@/examples/verify-service";
import { config } from "@/lib/config/env";
import { mintAccessToken } from "@/lib/edge/access-token";
import { periodAt, signingKey } from "@/lib/edge/api-keys";
import { jwks } from "./metadata";

const claims = {
  sub: "user-1",
  sid: "session-1",
  client_id: "plain-app",
  scope: "profile",
  auth_time: Math.floor(Date.now() / 1000),
};

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** Our issuer as another service sees it: an origin whose /.well-known/jwks.json is what we publish at `atMs`. */
async function issuerPublishingAt(atMs: number): Promise<string> {
  const server = createServer(async (req, res) => {
    if (req.url !== "/.well-known/jwks.json") return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: (await jwks(atMs)).keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => server.close());
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("the example service", () => {
  it("accepts an access token we minted, with only our JWKS", async () => {
    const issuer = await issuerPublishingAt(Date.now());
    const { token } = await mintAccessToken(issuer, claims);
    const verified = await accessTokenVerifier(issuer)(token);
    expect(verified).toMatchObject({ sub: "user-1", scope: "profile", aud: `${issuer}/api/v1` });
  });

  it("refuses another issuer's token, another audience, an expired token and alg none", async () => {
    const issuer = await issuerPublishingAt(Date.now());
    const verify = accessTokenVerifier(issuer);
    const ttlMs = config().API_ACCESS_TOKEN_TTL_SECONDS * 1000;

    const otherIssuer = await mintAccessToken("https://elsewhere.example", claims);
    await expect(verify(otherIssuer.token)).rejects.toMatchObject({
      code: "ERR_JWT_CLAIM_VALIDATION_FAILED",
    });

    // Signed with our real key, for an audience other than our API.
    const { kid, key } = await signingKey();
    const otherAudience = await new SignJWT({ sid: claims.sid })
      .setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid })
      .setIssuer(issuer)
      .setAudience("https://elsewhere.example/api")
      .setSubject(claims.sub)
      .setIssuedAt()
      .setExpirationTime("5m")
      .setJti("jti-1")
      .sign(key);
    await expect(verify(otherAudience)).rejects.toMatchObject({ claim: "aud" });

    const expired = await mintAccessToken(issuer, claims, { nowMs: Date.now() - 2 * ttlMs });
    await expect(verify(expired.token)).rejects.toMatchObject({ code: "ERR_JWT_EXPIRED" });

    const unsigned = new UnsecuredJWT({ sid: claims.sid })
      .setIssuer(issuer)
      .setAudience(`${issuer}/api/v1`)
      .setSubject(claims.sub)
      .setIssuedAt()
      .setExpirationTime("5m")
      .setJti("jti-2")
      .encode();
    await expect(verify(unsigned)).rejects.toThrow();
  });

  it("refuses a key-bound (DPoP) token: it cannot check the proof", async () => {
    const issuer = await issuerPublishingAt(Date.now());
    const { token } = await mintAccessToken(issuer, { ...claims, cnf: { jkt: "thumbprint" } });
    await expect(accessTokenVerifier(issuer)(token)).rejects.toThrow(/DPoP/);
  });

  describe("key rotation", () => {
    const periodMs = () => config().API_SIGNING_KEY_ROTATION_SECONDS * 1000;
    // The last seconds of period k, and the first of period k+1.
    const k = periodAt(Date.now());
    const endOfK = () => (k + 1) * periodMs() - 30_000;
    const startOfNext = () => (k + 1) * periodMs() + 30_000;

    it("a token signed just before a rotation verifies after it, until the old key is withdrawn", async () => {
      const issuer = await issuerPublishingAt(startOfNext());
      const { token } = await mintAccessToken(issuer, claims, { nowMs: endOfK() });
      // The key did rotate: period k+1 signs with another key than the token's.
      expect(decodeProtectedHeader(token).kid).not.toBe((await signingKey(startOfNext())).kid);

      const verified = await accessTokenVerifier(issuer)(token, { currentDate: new Date(startOfNext()) });
      expect(verified.sub).toBe("user-1");

      // Two periods on, the key is no longer published: the JWKS is what decides.
      const later = await issuerPublishingAt(startOfNext() + periodMs());
      const stale = await mintAccessToken(later, claims, { nowMs: endOfK() });
      await expect(
        accessTokenVerifier(later)(stale.token, { currentDate: new Date(startOfNext()) }),
      ).rejects.toMatchObject({ code: "ERR_JWKS_NO_MATCHING_KEY" });
    });

    it("a key set fetched before a rotation already has the key that signs after it", async () => {
      const issuer = await issuerPublishingAt(endOfK());
      const { token } = await mintAccessToken(issuer, claims, { nowMs: startOfNext() });
      const verified = await accessTokenVerifier(issuer)(token, { currentDate: new Date(startOfNext()) });
      expect(verified.sub).toBe("user-1");
    });
  });
});
