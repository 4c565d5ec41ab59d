// The CLI's commands: what each asks the server and what it prints. Tokens are
// never printed; the server's error words are.
import { CliError, type DeviceCodes, deviceLogin, discover, requireCredentials, Session } from "./oauth";
import { credentialsPath, loadCredentials } from "./store";

/** The server a command talks to: the one signed in to, which a --server given must agree with. */
async function signedIn(requested: string | undefined): Promise<Session> {
  const credentials = requireCredentials();
  if (requested && originOf(requested) !== credentials.server)
    throw new CliError(
      `Signed in to ${credentials.server}, not ${requested}: run logout first to sign in elsewhere.`,
    );
  return Session.open(await discover(credentials.server), credentials);
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    throw new CliError(`"${url}" is not a URL (e.g. http://localhost:3000).`);
  }
}

/** A non-2xx answer of our API, in its own words. */
async function failure(res: Response): Promise<CliError> {
  const body = (await res.json().catch(() => null)) as { error_description?: string } | null;
  return new CliError(
    `The server answered ${res.status}${body?.error_description ? `: ${body.error_description}` : "."}`,
  );
}

export async function login(serverUrl: string): Promise<void> {
  const existing = loadCredentials();
  if (existing) throw new CliError(`Already signed in to ${existing.server}: run logout first.`);
  const server = await discover(serverUrl);
  const show = (codes: DeviceCodes) => {
    console.log("To sign in, open this page in a browser where you are signed in:\n");
    console.log(`  ${codes.verificationUriComplete ?? codes.verificationUri}\n`);
    console.log(`and check that it shows the code ${codes.userCode}.`);
    console.log(`(Or go to ${codes.verificationUri} and enter that code.)`);
    console.log("Waiting for approval...");
  };
  const credentials = await deviceLogin(server, show);
  console.log(`Signed in to ${credentials.server} (scopes: ${credentials.scope}).`);
  console.log(`The tokens are in ${credentialsPath()}, bound to a key that never leaves this computer.`);
}

export async function whoami(requested: string | undefined): Promise<void> {
  const session = await signedIn(requested);
  const res = await session.api("GET", "/api/v1/me");
  if (!res.ok) throw await failure(res);
  const me = (await res.json()) as { email: string; name: string | null; role: string };
  console.log(`${me.name ? `${me.name} <${me.email}>` : me.email} (${me.role})`);
}

type SessionRow = {
  id: string;
  device: string;
  ip: string | null;
  method: string;
  client: string | null;
  keyBound: boolean;
  lastActiveAt: string;
  current: boolean;
};

const when = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: "short", timeStyle: "short" });

/** Columns padded to their widest cell. */
function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

export async function devices(requested: string | undefined): Promise<void> {
  const session = await signedIn(requested);
  const res = await session.api("GET", "/api/v1/sessions");
  if (!res.ok) throw await failure(res);
  const { sessions } = (await res.json()) as { sessions: SessionRow[] };
  const rows = sessions.map((s) => [
    s.current ? "*" : "",
    s.id,
    s.device,
    s.client ? `device code (${s.client})` : s.method,
    s.keyBound ? "yes" : "no",
    s.ip ?? "unknown",
    when(s.lastActiveAt),
  ]);
  console.log(table([["", "ID", "DEVICE", "SIGNED IN WITH", "KEY-BOUND", "IP", "LAST ACTIVE"], ...rows]));
  console.log("\nThe row marked * is this CLI. End a session with: npm run cli -- revoke ID");
}

export async function revoke(requested: string | undefined, id: string): Promise<void> {
  const session = await signedIn(requested);
  const res = await session.api("DELETE", `/api/v1/sessions/${encodeURIComponent(id)}`);
  if (res.status === 404) throw new CliError(`No session ${id} is signed in to your account.`);
  if (!res.ok) throw await failure(res);
  console.log(`Signed out session ${id}.`);
}

export async function logout(requested: string | undefined): Promise<void> {
  if (!loadCredentials()) {
    console.log("Not signed in.");
    return;
  }
  const session = await signedIn(requested);
  await session.revoke();
  console.log("Signed out: the session has ended and the tokens are deleted.");
}
