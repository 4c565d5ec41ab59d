// An operator's view of a browser sign-in: /api/metrics on the real server
// (ours, so the peer is the TCP peer), read before and after a failed and a
// successful sign-in through the login form.
import { IPV4, sample } from "@/lib/testing/metrics-text";
import { createAccount, expect, test } from "./fixtures";

// The e2e server trusts x-forwarded-for as if a proxy on this machine set it
// (e2e/env.ts): a scraper on this machine comes through it as 127.0.0.1.
const FROM_THIS_MACHINE = { "x-forwarded-for": "127.0.0.1" };

test("a sign-in through the browser moves the counters, and the metrics name no one", async ({
  openDevice,
  user,
  request,
}) => {
  await createAccount(user, "user", { fast: true });
  const read = async () => {
    const res = await request.get("/api/metrics", { headers: FROM_THIS_MACHINE });
    expect(res.status()).toBe(200);
    return res.text();
  };
  // A client elsewhere, however it dresses up its forwarding header, is refused.
  for (const xff of ["203.0.113.5", "127.0.0.1, 203.0.113.5"])
    expect((await request.get("/api/metrics", { headers: { "x-forwarded-for": xff } })).status()).toBe(403);

  const before = await read();
  const device = await openDevice();
  await device.page.goto("/login");
  await device.page.getByLabel("Email").fill(user.email);
  await device.page.getByLabel("Password").fill("not the password at all");
  await device.page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(device.page.getByRole("form", { name: "Sign in", exact: true }).getByRole("alert")).toHaveText(
    "The email or password is incorrect.",
  );
  await device.signIn(user);
  const after = await read();

  const delta = (name: string, labels: Record<string, string> = {}) =>
    sample(after, name, labels) - sample(before, name, labels);
  // Other tests may sign in meanwhile (workers share the server): at least ours.
  expect(
    delta("hybrid_auth_sign_ins_total", { method: "password", outcome: "success" }),
  ).toBeGreaterThanOrEqual(1);
  expect(
    delta("hybrid_auth_sign_ins_total", { method: "password", outcome: "failure" }),
  ).toBeGreaterThanOrEqual(1);
  expect(delta("hybrid_auth_password_hash_wait_seconds_count")).toBeGreaterThanOrEqual(2);
  // The pages the browser went through, under their route patterns.
  expect(
    delta("hybrid_auth_http_request_duration_seconds_count", {
      route: "/login",
      method: "GET",
      status: "200",
    }),
  ).toBeGreaterThanOrEqual(1);
  expect(
    delta("hybrid_auth_http_request_duration_seconds_count", {
      route: "/dashboard",
      method: "GET",
      status: "200",
    }),
  ).toBeGreaterThanOrEqual(1);
  expect(sample(after, "hybrid_auth_active_sessions")).toBeGreaterThanOrEqual(1);
  expect(sample(after, "hybrid_auth_database_up")).toBe(1);
  // Middleware asked the revocation feed on the scrape request itself.
  expect(sample(after, "hybrid_auth_revocation_feed_age_seconds")).toBeLessThan(10);

  expect(after).not.toContain(user.email);
  expect(after).not.toContain("@");
  expect(after).not.toContain(device.ip);
  expect(after).not.toMatch(IPV4);
});
