// The CLI's one file: the tokens of its sign-in and the private half of the DPoP
// key they are bound to. Whoever can read it can act as the user until the
// session ends, so it is readable by its owner only (0600, in a 0700 folder), and
// it is replaced by a rename so a crash mid-write never leaves half a refresh token.
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

export type Credentials = {
  /** The issuer the tokens come from (and the only server they are sent to). */
  server: string;
  accessToken: string;
  /** Unix seconds. */
  accessTokenExpiresAt: number;
  refreshToken: string;
  scope: string;
  /** The DPoP private key (ES256) as a JWK; its public half is derived from it. */
  dpopKey: JsonWebKey;
};

const FILE_NAME = "credentials.json";

export function cliHome(): string {
  return process.env.HYBRID_AUTH_CLI_HOME || path.join(homedir(), ".config", "hybrid-auth-cli");
}

export const credentialsPath = () => path.join(cliHome(), FILE_NAME);

export function loadCredentials(): Credentials | null {
  let text: string;
  try {
    text = readFileSync(credentialsPath(), "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  const parsed = JSON.parse(text) as Partial<Credentials>;
  const complete =
    typeof parsed.server === "string" &&
    typeof parsed.accessToken === "string" &&
    typeof parsed.accessTokenExpiresAt === "number" &&
    typeof parsed.refreshToken === "string" &&
    typeof parsed.scope === "string" &&
    typeof parsed.dpopKey === "object";
  if (!complete) throw new Error(`${credentialsPath()} is damaged: delete it and log in again.`);
  return parsed as Credentials;
}

export function saveCredentials(credentials: Credentials): void {
  const dir = cliHome();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // mkdir leaves an existing folder's mode alone: tighten one made by hand.
  chmodSync(dir, 0o700);
  const file = credentialsPath();
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}

export function removeCredentials(): void {
  rmSync(credentialsPath(), { force: true });
}
