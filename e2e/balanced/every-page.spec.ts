// `npm start` on PostgreSQL, as the README tells users: a new account and the
// seeded administrator load every signed-in page on both instances. Once, the
// first page after sign-up failed here ("Cannot use a pool after calling end on
// the pool") while public pages and the health checks answered 200.
import { readdirSync } from "node:fs";
import path from "node:path";
import { expect, SEEDED_ADMIN, test } from "../fixtures";

const A = "http://127.0.0.1:3201";
const B = "http://127.0.0.1:3202";

/** Every page under app/(app) (the signed-in group), read from the tree, so a new page is loaded too. */
function signedInPages(): string[] {
  const group = path.resolve(import.meta.dirname, "../../app/(app)");
  return readdirSync(group, { recursive: true, encoding: "utf8" })
    .filter((f) => path.basename(f) === "page.tsx" && !f.includes("["))
    .map((f) => `/${path.dirname(f).split(path.sep).join("/")}`)
    .sort();
}

async function loadsEvery(page: import("@playwright/test").Page, origin: string, paths: string[]) {
  for (const p of paths) {
    const response = await page.goto(`${origin}${p}`);
    expect(response?.status(), p).toBe(200);
    await expect(page, p).toHaveURL(`${origin}${p}`);
    await expect(page.getByRole("heading", { level: 1 }), p).toBeVisible();
    await expect(page.getByText("Something went wrong"), p).toHaveCount(0);
  }
}

test("sign up on the first `npm start`, then every signed-in page on both instances", async ({
  user,
  openDevice,
}) => {
  const pages = signedInPages();
  expect(pages).toContain("/dashboard");
  const device = await openDevice();
  await device.signUp(user);
  const mine = pages.filter((p) => !p.startsWith("/admin"));
  await loadsEvery(device.page, A, mine);
  await loadsEvery(device.page, B, mine);
});

test("the seeded administrator signs in on the second `npm start` and loads every page", async ({
  openDevice,
}) => {
  const device = await openDevice();
  await device.page.goto(`${B}/login`);
  await device.page.getByLabel("Email").fill(SEEDED_ADMIN.email);
  await device.page.getByLabel("Password").fill(SEEDED_ADMIN.password);
  await device.page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(device.page).toHaveURL(`${B}/dashboard`);
  await loadsEvery(device.page, B, signedInPages());
});
