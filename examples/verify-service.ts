// "Another service": accepts our API access tokens with nothing but the public
// keys the app publishes at /.well-known/jwks.json. No database, no shared
// secret, no call to the app per request (jose caches the keys and fetches them
// again when a token names a key it has not seen, i.e. after a rotation).
// What it cannot see: a session revoked a moment ago. Its tokens stay good here
// until they expire (API_ACCESS_TOKEN_TTL_SECONDS, 5 minutes by default).
//
//   HYBRID_AUTH_URL=http://localhost:3000 PORT=4000 npx tsx examples/verify-service.ts
//   curl -H "Authorization: Bearer $TOKEN" http://localhost:4000/
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from "jose";

/** `verify(token)`: the token's claims if the app issued it for its API and it is live; throws otherwise. */
export function accessTokenVerifier(issuer: string) {
  const keys = createRemoteJWKSet(new URL("/.well-known/jwks.json", issuer));
  return async (token: string, { currentDate }: { currentDate?: Date } = {}): Promise<JWTPayload> => {
    const { payload } = await jwtVerify(token, keys, {
      issuer,
      audience: `${issuer}/api/v1`,
      // Pinned: a token may not choose its own algorithm (RFC 8725), e.g. "none" or HS256.
      algorithms: ["EdDSA"],
      typ: "at+jwt",
      requiredClaims: ["sub", "exp", "iat", "jti"],
      currentDate,
    });
    // A key-bound token is worthless without a DPoP proof of its key, which this example does not check.
    if (payload.cnf) throw new Error("a key-bound (DPoP) token needs a proof this service does not check");
    return payload;
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const verify = accessTokenVerifier(new URL(process.env.HYBRID_AUTH_URL ?? "http://localhost:3000").origin);
  createServer(async (req, res) => {
    const token = req.headers.authorization?.match(/^Bearer ([\w.~+/-]+=*)$/)?.[1];
    const claims = token ? await verify(token).catch(() => null) : null;
    if (!claims) {
      // RFC 6750 section 3: no error code when no token was sent.
      res.writeHead(401, { "www-authenticate": token ? `Bearer error="invalid_token"` : "Bearer" }).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ sub: claims.sub, scope: claims.scope }));
  }).listen(Number(process.env.PORT ?? 4000));
}
