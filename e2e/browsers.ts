// Which Chromium the e2e runs launch, for playwright.config.ts and the one spec
// that needs the full browser.
import { existsSync } from "node:fs";

// Offline machines cannot download Playwright's browsers: use the system
// Chromium when there is one (Debian's `chromium`), Playwright's own otherwise.
export const fullChromium = [
  process.env.PLAYWRIGHT_CHROMIUM_PATH,
  "/usr/lib/chromium/chromium",
  "/usr/bin/chromium",
].find((p): p is string => Boolean(p && existsSync(p)));

// The headless shell (Debian's `chromium-headless-shell`, and what Playwright's own
// headless runs use) took about 37% less CPU than full Chromium for the same specs
// here, and the server shares 2 cores with the browsers. Only device-bound
// sessions were measured only in the full browser (dbsc.md): e2e/dbsc.spec.ts asks for it.
export const headlessShell = process.env.PLAYWRIGHT_CHROMIUM_PATH
  ? fullChromium
  : ["/usr/lib/chromium/chromium-headless-shell", "/usr/bin/chromium-headless-shell"].find((p) =>
      existsSync(p),
    );

export const chromiumArgs =
  process.platform === "linux"
    ? [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ]
    : [];
