// The revocation feed's address never comes from the request. On a server that
// leaves REVOCATION_FEED_ORIGIN unset (plain `next start`) and sees nothing but
// requests with forged forwarding headers, a revoked session is still refused at
// the edge within a couple of seconds.
import { edgeCookieName, sessionCookieName } from "@/lib/edge/cookies";
import { expect, test } from "./fixtures";
import { startOwnServer } from "./own-server";

let server: Awaited<ReturnType<typeof startOwnServer>>;

test.beforeAll(async () => {
  const { REVOCATION_FEED_ORIGIN: _, ...env } = process.env;
  server = await startOwnServer(env);
});

test.afterAll(() => server.stop());

test("a revoked token sent with forged forwarding headers is refused at the edge within seconds", async ({
  fastDevicesOf,
}) => {
  const [a, b] = await fastDevicesOf(["chromeMac", "firefoxWindows"]);
  const session = await b.cookie("authjs.session-token");
  const edge = await b.cookie("edge-token");
  // As if behind a TLS proxy for some other host: the https cookie names apply.
  const forged = {
    "x-forwarded-proto": "https",
    "x-forwarded-host": "feed.evil.example",
    "x-forwarded-port": "443",
    cookie: `${sessionCookieName(true)}=${session}; ${edgeCookieName(true)}=${edge}`,
  };
  const edgeStatus = async () =>
    (await b.page.request.get(`${server.origin}/api/session/edge`, { headers: forged })).status();
  // A new process vouches once its first feed answer is in.
  await expect.poll(edgeStatus, { timeout: 10_000, intervals: [100] }).toBe(200);

  await a.revoke(b);
  const revokedAt = Date.now();
  await expect.poll(edgeStatus, { timeout: 10_000, intervals: [100] }).toBe(401);
  expect(Date.now() - revokedAt).toBeLessThan(2500);
  const page = await b.page.request.get(`${server.origin}/dashboard`, { headers: forged, maxRedirects: 0 });
  expect(page.status()).toBe(303);
  expect(page.headers().location).toMatch(/\/api\/session\/refresh\?next=%2Fdashboard$/);
});
