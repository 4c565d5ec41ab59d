import { expect, test } from "@playwright/test";

test("the landing page says what the app is", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sessions you can actually end");
  await expect(page.getByRole("link", { name: "Sign in", exact: true }).first()).toBeVisible();
});

for (const path of ["/dashboard", "/devices", "/settings/password", "/admin/sessions"]) {
  test(`signed out, ${path} redirects to /login?next=${path}`, async ({ page }) => {
    await page.goto(path);
    await expect(page).toHaveURL(`/login?next=${encodeURIComponent(path)}`);
    await expect(page.getByRole("heading", { level: 1, name: "Sign in", exact: true })).toBeVisible();
  });
}

test("the server keeps an idle connection 65 s, longer than a load balancer or a client keeps it open", async ({
  request,
}) => {
  // Node's default of 5 s closed connections that Playwright's own client then reused (ECONNRESET mid-test).
  const res = await request.get("/api/health/live");
  expect(res.headers()["keep-alive"]).toBe("timeout=65");
});
