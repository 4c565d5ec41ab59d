// "End every session" on a server and database of its own: it ends every session
// in its database, which on the shared e2e database would sign out the tests
// running beside it.
import Database from "better-sqlite3";
import { type Device, expect, newCredentials, SEEDED_ADMIN, test } from "./fixtures";
import { ownDatabase, startOurServer } from "./own-server";

let database: ReturnType<typeof ownDatabase>;
let server: Awaited<ReturnType<typeof startOurServer>>;

test.beforeAll(async () => {
  database = ownDatabase();
  server = await startOurServer({ DATABASE_URL: database.url });
});

test.afterAll(async () => {
  await server?.stop();
  database?.remove();
});

async function signIn(device: Device, email: string, password: string) {
  await device.page.goto(`${server.origin}/login`);
  await device.page.getByLabel("Email").fill(email);
  await device.page.getByLabel("Password").fill(password);
  await device.page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(device.page).toHaveURL(/\/dashboard$/);
}

/** What the edge alone says about the device's token (no database behind it). */
async function edgeStatus(device: Device): Promise<number> {
  return (await device.page.request.get(`${server.origin}/api/session/edge`)).status();
}

test("'End every session': 3 users on 2 devices each land on /login, the edge refuses their tokens within a feed refresh, the admin stays", async ({
  openDevice,
}) => {
  // The devices sign in side by side (their order does not matter here): the run's
  // time goes on sign-ins that are not what this test is about.
  const [admin, adminElsewhere] = await Promise.all([openDevice(), openDevice("safariIphone")]);
  await Promise.all([
    signIn(admin, SEEDED_ADMIN.email, SEEDED_ADMIN.password),
    signIn(adminElsewhere, SEEDED_ADMIN.email, SEEDED_ADMIN.password),
  ]);
  const users = [newCredentials(), newCredentials(), newCredentials()];
  const pairs = await Promise.all(
    users.map(async (user) => {
      const first = await openDevice("firefoxWindows");
      await first.signUp(user, server.origin);
      const second = await openDevice("edgeWindows");
      await signIn(second, user.email, user.password);
      return [first, second];
    }),
  );
  const devices: Device[] = pairs.flat();
  for (const d of [...devices, adminElsewhere]) expect(await edgeStatus(d)).toBe(200);

  const page = admin.page;
  await page.goto(`${server.origin}/admin/sessions`);
  // The phrase is checked by the server: a near miss ends nothing.
  await page.getByRole("button", { name: "End every session" }).click();
  const dialog = page.getByRole("dialog", { name: "End every session?" });
  await dialog.getByRole("textbox", { name: "Confirmation" }).fill("end all sessions");
  await dialog.getByRole("button", { name: "End every session" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "Type END ALL SESSIONS to confirm." }),
  ).toBeVisible();
  expect(await edgeStatus(devices[0]!)).toBe(200);

  await page.getByRole("button", { name: "End every session" }).click();
  await dialog.getByRole("textbox", { name: "Confirmation" }).fill("END ALL SESSIONS");
  await dialog.getByRole("button", { name: "End every session" }).click();
  await expect(page.getByRole("status")).toHaveText(
    "Ended 7 sessions. Everyone else must sign in again; you are still signed in here.",
  );

  // The edge learns the cutoff from its feed (refreshed about once a second) and
  // refuses every older token, while each still holds its unexpired cookie.
  const ended = Date.now();
  const others = [...devices, adminElsewhere];
  await Promise.all(
    others.map((d) => expect.poll(() => edgeStatus(d), { timeout: 3000, intervals: [100] }).toBe(401)),
  );
  console.log(`edge refused all 7 tokens ${Date.now() - ended} ms after the answer`);
  await Promise.all(
    others.map(async (d) => {
      await d.page.goto(`${server.origin}/dashboard`);
      await expect(d.page).toHaveURL(/\/login\?next=%2Fdashboard$/);
    }),
  );

  await page.goto(`${server.origin}/dashboard`);
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  expect(await edgeStatus(admin)).toBe(200);

  const sqlite = new Database(database.file, { readonly: true });
  try {
    const events = sqlite
      .prepare(`SELECT "details" FROM "AuditEvent" WHERE "action" = 'session.ended_all'`)
      .all() as { details: string }[];
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.details)).toMatchObject({ count: 7 });
    expect((sqlite.prepare(`SELECT COUNT(*) AS n FROM "Session"`).get() as { n: number }).n).toBe(1);
  } finally {
    sqlite.close();
  }
  await page.goto(`${server.origin}/admin/audit?action=session.ended_all`);
  await expect(page.getByRole("table").getByRole("row").filter({ hasText: "session.ended_all" })).toHaveCount(
    1,
  );

  // Signing in again works at once: the cutoff only concerns what came before it.
  await signIn(devices[0]!, users[0]!.email, users[0]!.password);
  expect(await edgeStatus(devices[0]!)).toBe(200);
  // The user's own activity says it happened, and by whom.
  await devices[0]!.page.goto(`${server.origin}/settings/activity`);
  await expect(
    devices[0]!.page
      .getByRole("row")
      .filter({ hasText: "Every session was ended" })
      .filter({ hasText: "an administrator" }),
  ).toHaveCount(1);
});
