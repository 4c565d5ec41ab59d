// Takes the README's screenshots from a running server (default the e2e one):
//   BASE_URL=http://127.0.0.1:3100 npx tsx scripts/screenshots.ts
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";
import { USER_AGENTS } from "@/e2e/fixtures";

const base = process.env.BASE_URL ?? "http://127.0.0.1:3100";
const executablePath = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"].find((p) => existsSync(p));
const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });

async function device(ua: string, ip: string) {
  const context = await browser.newContext({
    userAgent: ua,
    extraHTTPHeaders: { "x-forwarded-for": ip },
    viewport: { width: 1100, height: 640 },
  });
  return context.newPage();
}

const email = `demo-${Date.now()}@example.com`;
const password = "demo-password-123";
const pages = [
  await device(USER_AGENTS.chromeMac, "203.0.113.10"),
  await device(USER_AGENTS.firefoxWindows, "198.51.100.23"),
  await device(USER_AGENTS.safariIphone, "192.0.2.44"),
];
const [main, ...others] = pages as [(typeof pages)[0], ...typeof pages];
await main.goto(`${base}/signup`);
await main.getByLabel("Name").fill("Demo User");
await main.getByLabel("Email").fill(email);
await main.getByLabel("Password").fill(password);
await main.getByRole("button", { name: "Create account" }).click();
await main.waitForURL(/dashboard/);
for (const p of others) {
  await p.goto(`${base}/login`);
  await p.getByLabel("Email").fill(email);
  await p.getByLabel("Password").fill(password);
  await p.getByRole("button", { name: "Sign in", exact: true }).click();
  await p.waitForURL(/dashboard/);
}
await main.goto(`${base}/devices`);
await main.screenshot({ path: "docs/devices.png" });

const admin = await device(USER_AGENTS.edgeWindows, "203.0.113.99");
await admin.goto(`${base}/login`);
await admin.getByLabel("Email").fill("admin@example.com");
await admin.getByLabel("Password").fill("admin-demo-password");
await admin.getByRole("button", { name: "Sign in", exact: true }).click();
await admin.waitForURL(/dashboard/);
await admin.goto(`${base}/admin/sessions?email=${encodeURIComponent(email)}`);
await admin.screenshot({ path: "docs/admin-sessions.png", fullPage: true });
await browser.close();
console.log("wrote docs/devices.png and docs/admin-sessions.png");
