// The CLI (cli/main.ts) as its users run it, against the test server: its
// sign-in approved, or denied, in a browser signed in as the user, then its
// API calls, its row on /devices, a revocation there and its own logout.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Credentials, createFixtureAccount, type Device, expect, test } from "./fixtures";

const root = path.resolve(import.meta.dirname, "..");

// Next names every loopback address "localhost" in the URLs it hands the app, so
// that is the issuer in the server's metadata, which the CLI insists on (RFC 8414).
const serverOrigin = (baseURL: string | undefined) => (baseURL ?? "").replace("127.0.0.1", "localhost");

/** A run of the CLI as `npm run cli` starts it, with a token folder of its own. */
class Cli {
  readonly home = mkdtempSync(path.join(tmpdir(), "hybrid-auth-cli-"));
  constructor(readonly server: string) {}

  get file(): string {
    return path.join(this.home, "credentials.json");
  }

  start(...args: string[]) {
    const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["cli/main.ts", ...args], {
      cwd: root,
      env: { ...process.env, HYBRID_AUTH_CLI_HOME: this.home, HYBRID_AUTH_URL: this.server },
    });
    const out = { stdout: "", stderr: "" };
    child.stdout.on("data", (chunk) => {
      out.stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      out.stderr += chunk;
    });
    const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      child.on("close", (code) => resolve({ code, ...out })),
    );
    return { child, out, exited };
  }

  run(...args: string[]) {
    return this.start(...args).exited;
  }

  stored(): { accessToken: string; refreshToken: string } {
    return JSON.parse(readFileSync(this.file, "utf8"));
  }

  remove(): void {
    rmSync(this.home, { recursive: true, force: true });
  }
}

const running: ChildProcess[] = [];
const clis: Cli[] = [];
test.afterEach(() => {
  for (const child of running.splice(0)) child.kill();
  for (const cli of clis.splice(0)) cli.remove();
});

/** The user, signed in through the form just now (within the step-up window), on the server's own host name. */
async function signedInBrowser(openDevice: () => Promise<Device>, user: Credentials, origin: string) {
  await createFixtureAccount(user);
  const device = await openDevice();
  await device.page.goto(`${origin}/login`);
  await device.page.getByLabel("Email").fill(user.email);
  await device.page.getByLabel("Password").fill(user.password);
  await device.page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(device.page).toHaveURL(`${origin}/dashboard`);
  return device;
}

/** Starts `login`, opens the page it prints in the browser and presses `button` there. */
async function loginAnswered(cli: Cli, device: Device, button: "Approve" | "Deny") {
  const login = cli.start("login");
  running.push(login.child);
  let url = "";
  await expect
    .poll(() => (url = login.out.stdout.match(/(http\S+\/device\?code=\S+)/)?.[1] ?? ""), { timeout: 30_000 })
    .not.toBe("");
  await device.page.goto(url);
  await expect(
    device.page.getByRole("heading", { name: "CLI wants to sign in to your account" }),
  ).toBeVisible();
  await device.page.getByRole("button", { name: button }).click();
  await expect(device.page.getByRole("status")).toContainText(button === "Approve" ? "Approved" : "Denied");
  return login.exited;
}

function newCli(origin: string): Cli {
  const cli = new Cli(origin);
  clis.push(cli);
  return cli;
}

test("login approved in the browser; whoami; listed on /devices as key-bound; revoked there, the edge refuses its token and its refresh is invalid_grant", async ({
  openDevice,
  user,
  baseURL,
}) => {
  test.slow();
  const origin = serverOrigin(baseURL);
  const device = await signedInBrowser(openDevice, user, origin);
  const cli = newCli(origin);

  const login = await loginAnswered(cli, device, "Approve");
  expect(login.code, login.stderr).toBe(0);
  expect(login.stdout).toContain(`Signed in to ${origin}`);
  // Readable by its owner only, in a folder only its owner can list.
  expect(statSync(cli.file).mode & 0o777).toBe(0o600);
  expect(statSync(cli.home).mode & 0o777).toBe(0o700);
  const { accessToken, refreshToken } = cli.stored();
  expect(login.stdout).not.toContain(accessToken);
  expect(login.stdout).not.toContain(refreshToken);

  const whoami = await cli.run("whoami");
  expect(whoami.code, whoami.stderr).toBe(0);
  expect(whoami.stdout).toContain(user.email);
  const listed = await cli.run("devices");
  expect(listed.code, listed.stderr).toBe(0);
  expect(listed.stdout).toMatch(/^\*\s+\S+\s+CLI/m);

  await device.page.goto(`${origin}/devices`);
  const row = device.page.getByRole("listitem").filter({ hasText: "Device code: CLI" });
  await expect(row).toContainText("CLI");
  await expect(row).toContainText("Key-bound (DPoP)");

  // The token without its proof: the edge lets it through (it checks no proofs), the route refuses it for
  // want of one. Once the session is revoked, the edge itself refuses it, from the revocation feed.
  const bare = () =>
    fetch(`${origin}/api/v1/me`, { headers: { authorization: `DPoP ${accessToken}` } }).then((res) => ({
      status: res.status,
      challenge: res.headers.get("www-authenticate") ?? "",
    }));
  expect((await bare()).challenge).toContain('error="invalid_dpop_proof"');

  await row.getByRole("button", { name: /^Revoke / }).click();
  await expect(row).toHaveCount(0);
  await expect
    .poll(bare, { timeout: 15_000 })
    .toEqual({ status: 401, challenge: expect.stringContaining('error="invalid_token"') });

  const after = await cli.run("whoami");
  expect(after.code).not.toBe(0);
  expect(after.stderr).toContain("invalid_grant");
  expect(after.stdout).not.toContain(user.email);
});

test("logout ends the CLI's session: its row leaves /devices and its tokens are deleted", async ({
  openDevice,
  user,
  baseURL,
}) => {
  test.slow();
  const origin = serverOrigin(baseURL);
  const device = await signedInBrowser(openDevice, user, origin);
  const cli = newCli(origin);
  expect((await loginAnswered(cli, device, "Approve")).code).toBe(0);
  await device.page.goto(`${origin}/devices`);
  await expect(device.page.getByRole("listitem").filter({ hasText: "Device code: CLI" })).toHaveCount(1);

  const logout = await cli.run("logout");
  expect(logout.code, logout.stderr).toBe(0);
  expect(() => statSync(cli.file)).toThrow();
  await device.page.reload();
  await expect(device.page.getByRole("listitem").filter({ hasText: "Device code: CLI" })).toHaveCount(0);

  const whoami = await cli.run("whoami");
  expect(whoami.code).not.toBe(0);
  expect(whoami.stderr).toContain("Not signed in");
});

test("login denied in the browser: the CLI says so, exits non-zero and keeps nothing", async ({
  openDevice,
  user,
  baseURL,
}) => {
  const origin = serverOrigin(baseURL);
  const device = await signedInBrowser(openDevice, user, origin);
  const cli = newCli(origin);

  const login = await loginAnswered(cli, device, "Deny");
  expect(login.code).not.toBe(0);
  expect(login.stderr).toContain("Access was denied");
  expect(() => statSync(cli.file)).toThrow();
});
