// Open redirects: every hand-made `next` an attacker would try, through the two
// places that redirect a signed-in browser to it. Each Location is resolved the
// way the browser would, against the server's own origin, and must stay on it.
import { NEXT_PATH_CASES } from "@/lib/auth/next-path-cases";
import { type Device, expect, test } from "../fixtures";

type Redirect = { status: number; origin: string; path: string };

async function redirectOf(device: Device, url: string, baseURL: string): Promise<Redirect> {
  const res = await device.page.request.get(url, { maxRedirects: 0 });
  const target = new URL(res.headers().location ?? "", baseURL);
  return { status: res.status(), origin: target.origin, path: target.pathname + target.search + target.hash };
}

const ROUTES = [
  { name: "the refresh route", path: "/api/session/refresh", status: 303 },
  { name: "/login while signed in", path: "/login", status: 307 },
];

for (const route of ROUTES) {
  test(`${route.name} redirects only to same-origin paths, whatever next says`, async ({
    fastSignedIn,
    baseURL,
  }) => {
    const origin = new URL(baseURL as string).origin;
    for (const { next, want } of NEXT_PATH_CASES) {
      const url = `${route.path}?next=${encodeURIComponent(next)}`;
      expect.soft(await redirectOf(fastSignedIn, url, origin), JSON.stringify(next)).toEqual({
        status: route.status,
        origin,
        path: want,
      });
    }
  });
}

test("the two open redirects of issue 14, sent as they were", async ({ fastSignedIn, baseURL }) => {
  const origin = new URL(baseURL as string).origin;
  for (const url of [
    "/api/session/refresh?next=%2F.%2F%2Fevil.example%2Fx",
    "/login?next=/a/..//evil.example",
  ]) {
    expect.soft((await redirectOf(fastSignedIn, url, origin)).origin, url).toBe(origin);
  }
});
