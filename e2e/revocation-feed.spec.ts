// Revocation reaches the edge in about a second, not at the token's expiry.
import { E2E_ENV } from "./env";
import { type Device, expect, test } from "./fixtures";

const TTL_MS = Number(E2E_ENV.EDGE_TOKEN_TTL_SECONDS) * 1000;

async function edgeStatus(device: Device) {
  return (await device.page.request.get("/api/session/edge")).status();
}

test("a revoked session's edge token is refused at the edge within seconds, not at its expiry", async ({
  fastDevicesOf,
}) => {
  const [a, b] = await fastDevicesOf(["chromeMac", "firefoxWindows"]);
  expect(await edgeStatus(b)).toBe(200);

  await a.revoke(b);
  const revokedAt = Date.now();
  // Generous bound for a loaded CI box; the token itself would live for TTL_MS.
  await expect.poll(() => edgeStatus(b), { timeout: 10_000, intervals: [100] }).toBe(401);
  expect(Date.now() - revokedAt).toBeLessThan(TTL_MS / 2);
  // The edge now turns B away before any page renders.
  await b.page.goto("/devices");
  await expect(b.page).toHaveURL(/\/login/);
});

test("the revocation feed is not public", async ({ request }) => {
  expect((await request.get("/api/internal/revocations")).status()).toBe(404);
  expect(
    (
      await request.get("/api/internal/revocations", { headers: { "x-revocation-feed-key": "guess" } })
    ).status(),
  ).toBe(404);
});

test("responses say what each credential check cost (Server-Timing)", async ({ fastSignedIn }) => {
  const page = await fastSignedIn.page.request.get("/dashboard");
  expect(page.headers()["server-timing"]).toMatch(/edge;dur=\d+(\.\d+)?/);
  const api = await fastSignedIn.page.request.get("/api/session");
  expect(api.status()).toBe(200);
  expect(api.headers()["server-timing"]).toMatch(/db-session;dur=\d+(\.\d+)?/);
  const body = await api.json();
  expect(Object.keys(body).sort()).toEqual(["amr", "authTime", "bound", "impersonator", "sessionId", "user"]);
  expect(JSON.stringify(body)).not.toContain((await fastSignedIn.cookie("authjs.session-token")) as string);
});
