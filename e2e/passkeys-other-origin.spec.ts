// A passkey response made for another origin of the same relying party is refused
// here and accepted there. It starts a second server of its own, so it runs in the
// heavy project (playwright.config.ts), where its CPU cannot starve the tests beside it.
import type { Request } from "@playwright/test";
import { expect, test } from "./fixtures";
import { localhost, passkeyAccount, REFUSED } from "./helpers/passkeys";
import { startOurServer } from "./own-server";
import { replay } from "./replay";

test("a passkey response made for another origin opens no session here", async ({
  openDevice,
  user,
  baseURL,
}) => {
  const origin = localhost(baseURL);
  const device = await openDevice();
  const { sessions } = await passkeyAccount(device, origin, user);
  const page = device.page;

  // A response the browser made for another origin (same RP ID, same database), never delivered there.
  const other = await startOurServer({});
  try {
    const otherOrigin = other.origin.replace("127.0.0.1", "localhost");
    await page.goto(`${otherOrigin}/login`);
    let elsewhere: Request | undefined;
    await page.route(`${otherOrigin}/login`, async (route) => {
      if (route.request().method() === "POST" && route.request().postData()?.includes('"clientDataJSON"')) {
        elsewhere = route.request();
        return route.abort();
      }
      return route.continue();
    });
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expect.poll(() => elsewhere).toBeDefined();
    const sent = await replay(elsewhere!, new URL(origin).port, { host: new URL(origin).host, origin });
    expect(sent.body).toContain(REFUSED);
    expect(await sessions()).toBe(0);
    // The same response where it was made for is accepted: the origin was what mattered.
    // An aborted request's headers lack Host: name it, as the browser would have.
    const there = await replay(elsewhere!, other.port, { host: new URL(otherOrigin).host });
    expect(there.body).not.toContain(REFUSED);
    expect(await sessions()).toBe(1);
  } finally {
    await other.stop();
  }
});
