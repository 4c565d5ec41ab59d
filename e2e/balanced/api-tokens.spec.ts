// API tokens on two instances, as a load balancer would send them: both see the
// balancer's Host, so both are one issuer. Nothing is shared but the database
// and AUTH_SECRET: the signing keys are derived, the DPoP jti store is a table.
import { createHash, randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { base64url, exportJWK, generateKeyPair, SignJWT } from "jose";
import { expect, test } from "../fixtures";

const A = "http://127.0.0.1:3201";
const B_PORT = 3202;

/** A request to instance B carrying A's Host: what a balancer in front of both does. */
function viaB(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port: B_PORT,
        path,
        method: "GET",
        headers: { ...headers, host: new URL(A).host },
      },
      (res) => {
        let body = "";
        res.on("data", (chunk) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

test("a DPoP-bound token issued by A is accepted by B, and a proof spent at A is refused at B", async ({
  user,
  openDevice,
}) => {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  const jwk = await exportJWK(publicKey);
  const proof = (method: string, url: string, accessToken?: string) =>
    new SignJWT({
      htm: method,
      htu: url,
      jti: randomUUID(),
      ...(accessToken ? { ath: base64url.encode(createHash("sha256").update(accessToken).digest()) } : {}),
    })
      .setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk })
      .setIssuedAt()
      .sign(privateKey);

  const started = await fetch(`${A}/api/oauth/device_authorization`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_id: "cli" }),
  });
  expect(started.status).toBe(200);
  const codes = (await started.json()) as { device_code: string; verification_uri_complete: string };

  const browser = await openDevice("chromeMac");
  await browser.signUp(user, A);
  await browser.page.goto(codes.verification_uri_complete);
  await browser.page.getByRole("button", { name: "Approve" }).click();
  await expect(browser.page.getByRole("status")).toContainText("Approved");

  const tokenUrl = `${A}/api/oauth/token`;
  const tokens = (await (
    await fetch(tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", dpop: await proof("POST", tokenUrl) },
      body: new URLSearchParams({
        grant_type: "urn:ietf:params:oauth:grant-type:device_code",
        device_code: codes.device_code,
        client_id: "cli",
      }),
    })
  ).json()) as { access_token: string; token_type: string };
  expect(tokens.token_type).toBe("DPoP");

  const meUrl = `${A}/api/v1/me`;
  const onA = await proof("GET", meUrl, tokens.access_token);
  const first = await fetch(meUrl, { headers: { authorization: `DPoP ${tokens.access_token}`, dpop: onA } });
  expect(first.status).toBe(200);
  expect(await first.json()).toMatchObject({ email: user.email });

  const fresh = await viaB("/api/v1/me", {
    authorization: `DPoP ${tokens.access_token}`,
    dpop: await proof("GET", meUrl, tokens.access_token),
  });
  expect(fresh.status).toBe(200);
  expect(JSON.parse(fresh.body)).toMatchObject({ email: user.email });

  const replayed = await viaB("/api/v1/me", { authorization: `DPoP ${tokens.access_token}`, dpop: onA });
  expect(replayed.status).toBe(401);
  expect(JSON.parse(replayed.body)).toMatchObject({ error: "invalid_dpop_proof" });
});
