// Outside production a missing AUTH_SECRET is generated once and kept in
// .auth-secret (git-ignored), so restarts keep everyone signed in.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export const LOCAL_SECRET_FILE = ".auth-secret";

export function ensureLocalSecret(root = process.cwd()): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(root, LOCAL_SECRET_FILE);
  let secret = existsSync(file) ? readFileSync(file, "utf8").trim() : "";
  if (!secret) {
    secret = randomBytes(32).toString("base64url");
    writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  }
  process.env.AUTH_SECRET = secret;
  return secret;
}
