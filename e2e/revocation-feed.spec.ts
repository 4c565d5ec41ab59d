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

test("pushed: the edge refuses a revoked session on the very next request, without waiting for a poll", async ({
  fastDevicesOf,
}) => {
  const [a, b] = await fastDevicesOf(["chromeMac", "firefoxWindows"]);
  expect(await edgeStatus(b)).toBe(200);
  // Traffic, as on a live site: it keeps the edge's set fresh, so a request never
  // waits for a refresh (what a quiet edge does after 5 s without one).
  let busy = true;
  const traffic = (async () => {
    while (busy) {
      expect(await edgeStatus(a)).toBe(200);
      await a.page.waitForTimeout(100);
    }
  })();
  try {
    await a.page.goto("/devices");
    const revoked = a.page.waitForResponse((r) => r.request().method() === "POST" && r.status() === 200);
    await a.page.getByRole("button", { name: `Revoke ${b.label}` }).click();
    await revoked;
    // No retry and no wait: the edge's held feed request answered when the revocation
    // committed. With only the poll, this request finds the set as it was unless a
    // poll happened to start between the commit and now (at most one a second).
    expect(await edgeStatus(b)).toBe(401);
  } finally {
    busy = false;
    await traffic;
  }
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
