// With the revocation feed unreachable, the edge stops vouching for tokens from
// its own (stale) set: page loads go through the database check. A server of its
// own, pointed at a feed address where nothing listens, shows it.
import { mintEdgeToken } from "@/lib/edge/token";
import { freePort } from "@/lib/testing/free-port";
import { type Device, expect, test } from "./fixtures";
import { startOwnServer } from "./own-server";

let server: Awaited<ReturnType<typeof startOwnServer>>;
let origin: string;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  server = await startOwnServer({
    ...process.env,
    REVOCATION_FEED_ORIGIN: `http://127.0.0.1:${await freePort()}`,
  });
  origin = server.origin;
});

test.afterAll(() => server.stop());

/** The device's edge token, re-minted 30 s old: valid for another 30 s, but not just minted. */
async function olderEdgeToken(device: Device) {
  const claims = await (await device.page.request.get("/api/session/edge")).json();
  const value = await mintEdgeToken(claims, { issuedAt: Math.floor(Date.now() / 1000) - 30 });
  await device.context.addCookies([{ name: "edge-token", value, url: origin }]);
}

test("a revoked session's still-valid edge token goes through the database check, which sends it to /login", async ({
  fastDevicesOf,
}) => {
  const [a, b] = await fastDevicesOf(["chromeMac", "firefoxWindows"]);
  await olderEdgeToken(b);
  await a.revoke(b);

  const edge = await b.page.request.get(`${origin}/api/session/edge`);
  expect(edge.status()).toBe(503);
  expect(edge.headers()["retry-after"]).toMatch(/^\d+$/);

  const page = await b.page.request.get(`${origin}/dashboard`, { maxRedirects: 0 });
  expect(page.status()).toBe(303);
  expect(page.headers().location).toMatch(/\/api\/session\/refresh\?next=%2Fdashboard$/);
  await b.page.goto(`${origin}/dashboard`);
  await expect(b.page).toHaveURL(`${origin}/login?next=%2Fdashboard`);
});

test("a live session passes after one database check, with no redirect loop", async ({ fastSignedIn }) => {
  await olderEdgeToken(fastSignedIn);
  const navigations: string[] = [];
  fastSignedIn.page.on("request", (r) => {
    if (r.isNavigationRequest()) navigations.push(new URL(r.url()).pathname);
  });
  await fastSignedIn.page.goto(`${origin}/devices`);
  await expect(fastSignedIn.page.getByRole("heading", { level: 1, name: "Active devices" })).toBeVisible();
  expect(navigations).toEqual(["/devices", "/api/session/refresh", "/devices"]);
  // The token just minted by that check passes on the next load without another one.
  await fastSignedIn.page.goto(`${origin}/dashboard`);
  await expect(fastSignedIn.page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  expect(navigations.filter((p) => p === "/api/session/refresh")).toHaveLength(1);
});
