// npm run cli -- <command>: a command-line client of the API, signed in through
// the device authorization grant like any other device (it shows on /devices).
import { parseArgs } from "node:util";
import { devices, login, logout, revoke, whoami } from "./commands";
import { CliError } from "./oauth";

const DEFAULT_SERVER = "http://localhost:3000";

const USAGE = `Usage: npm run cli -- <command> [--server URL]

  login       sign in: approve the code shown in a browser where you are signed in
  whoami      the account the CLI is signed in to
  devices     every session of that account (browsers and programs); * marks this CLI
  revoke ID   sign out one session (an ID from devices)
  logout      sign the CLI out: its session ends and its tokens are deleted

The server is --server, else HYBRID_AUTH_URL, else ${DEFAULT_SERVER} (after login, the
one signed in to). Tokens are kept in $HYBRID_AUTH_CLI_HOME (default ~/.config/hybrid-auth-cli).`;

async function run(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  const requested = values.server ?? (process.env.HYBRID_AUTH_URL || undefined);
  const arity: Record<string, number> = { login: 0, whoami: 0, devices: 0, revoke: 1, logout: 0 };
  if (values.help || !command || arity[command] !== rest.length) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  try {
    if (command === "login") await login(requested ?? DEFAULT_SERVER);
    else if (command === "whoami") await whoami(requested);
    else if (command === "devices") await devices(requested);
    else if (command === "revoke") await revoke(requested, rest[0] as string);
    else await logout(requested);
    return 0;
  } catch (err) {
    // Our own errors are sentences for the user; anything else is a bug or a broken server, shown as is.
    console.error(
      err instanceof CliError ? err.message : `Unexpected error: ${(err as Error)?.message ?? err}`,
    );
    return 1;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: { server: { type: "string" }, help: { type: "boolean", short: "h" } },
    allowPositionals: true,
  });
}

process.exitCode = await run(process.argv.slice(2));
