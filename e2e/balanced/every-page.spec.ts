// `npm start` on PostgreSQL, as the README tells users, three instances behind
// HAProxy (round-robin, no stickiness): a new account and the seeded
// administrator load every signed-in page through the balancer, so one person's
// pages come from all three instances, and any page only one instance could
// render would fail. Once, the first page after sign-up failed here ("Cannot use
// a pool after calling end on the pool") while public pages and the health checks
// answered 200. The balancer names the instance that answered in X-Served-By.
import type { Page } from "@playwright/test";
import { expect, SEEDED_ADMIN, test } from "../fixtures";
import { INSTANCE_NAMES } from "./haproxy";
import { BALANCER, signedInPages } from "./instances";

/**
 * Which instance answered each of the browser's requests (pages, their data,
 * posts, scripts): round-robin hands them out in turn, whatever they are.
 */
function recordInstances(page: Page): string[][] {
  const seen: string[][] = [];
  page.on("response", (res) => {
    if (res.url().startsWith(BALANCER))
      seen.push([new URL(res.url()).pathname, res.headers()["x-served-by"] ?? "none"]);
  });
  return seen;
}

async function loadsEvery(page: Page, paths: string[]) {
  for (const p of paths) {
    const response = await page.goto(`${BALANCER}${p}`);
    expect(response?.status(), p).toBe(200);
    await expect(page, p).toHaveURL(`${BALANCER}${p}`);
    await expect(page.getByRole("heading", { level: 1 }), p).toBeVisible();
    await expect(page.getByText("Something went wrong"), p).toHaveCount(0);
  }
}

// Each walks a dozen pages or so: past the default minute on a loaded 2-core machine.
test.describe.configure({ timeout: 120_000 });

function servedByAll(seen: string[][]) {
  const instances = new Set(seen.map(([, by]) => by));
  expect([...instances].sort(), JSON.stringify(seen)).toEqual([...INSTANCE_NAMES]);
  // Pages themselves, not only their scripts, came from more than one instance.
  const pages = new Set(seen.filter(([path]) => !path?.startsWith("/_next/")).map(([, by]) => by));
  expect(pages.size, JSON.stringify(seen)).toBeGreaterThan(1);
}

test("sign up through the balancer on the first `npm start`, then every signed-in page, from all three instances", async ({
  user,
  openDevice,
}) => {
  const pages = signedInPages();
  expect(pages).toContain("/dashboard");
  const device = await openDevice();
  const seen = recordInstances(device.page);
  await device.signUp(user);
  await loadsEvery(
    device.page,
    pages.filter((p) => !p.startsWith("/admin")),
  );
  servedByAll(seen);
});

test("the seeded administrator signs in through the balancer, loads every page, signs out and in again, from all three instances", async ({
  openDevice,
}) => {
  const device = await openDevice();
  const seen = recordInstances(device.page);
  await device.signIn(SEEDED_ADMIN);
  const pages = signedInPages();
  expect(pages).toContain("/admin/sessions");
  await loadsEvery(device.page, pages);
  // Posts that any instance may take.
  await device.signOut();
  await device.signIn(SEEDED_ADMIN);
  servedByAll(seen);
});
