// Gives the integration suite a real, migrated, throwaway database: a temporary
// SQLite file, or with TEST_DB_PROVIDER=postgresql a new database created next to
// TEST_DATABASE_URL's. Removed again when the run ends.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createThrowawayDatabase } from "./throwaway-database";

const root = path.resolve(import.meta.dirname, "../..");

export default async function setup() {
  let cleanup: () => Promise<void>;
  if (process.env.TEST_DB_PROVIDER === "postgresql") {
    if (!process.env.TEST_DATABASE_URL)
      throw new Error("TEST_DB_PROVIDER=postgresql needs TEST_DATABASE_URL");
    const created = await createThrowawayDatabase(process.env.TEST_DATABASE_URL, "hybrid_auth_test");
    process.env.DATABASE_URL = created.url;
    cleanup = created.drop;
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), "hybrid-auth-test-"));
    process.env.DATABASE_URL = `file:${path.join(dir, "test.db")}`;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
  process.env.BCRYPT_COST ??= "10";
  execFileSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
    cwd: root,
    env: process.env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  return cleanup;
}
