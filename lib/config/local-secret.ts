// Outside production a missing AUTH_SECRET is generated once and kept in
// .auth-secret (git-ignored), so restarts keep everyone signed in.
import { randomBytes } from "node:crypto";
import { existsSync, linkSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export const LOCAL_SECRET_FILE = ".auth-secret";

export function ensureLocalSecret(root = process.cwd()): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(root, LOCAL_SECRET_FILE);
  let secret = existsSync(file) ? readFileSync(file, "utf8").trim() : "";
  if (!secret) {
    // Several processes may start at once (build, seed, instances): the first complete file wins,
    // because a link never replaces an existing name and a reader never sees a half-written one.
    const draft = `${file}.${process.pid}`;
    writeFileSync(draft, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600 });
    try {
      linkSync(draft, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    } finally {
      rmSync(draft, { force: true });
    }
    secret = readFileSync(file, "utf8").trim();
    if (!secret) throw new Error(`${file} is empty: delete it, or set AUTH_SECRET`);
  }
  process.env.AUTH_SECRET = secret;
  return secret;
}
