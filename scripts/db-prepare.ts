// Brings the configured database up to date: checks it can be reached, applies
// the committed migrations with the Prisma CLI, and seeds it when it has no users.
// Usage: tsx scripts/db-prepare.ts   (also run by `npm start` and the e2e server;
// seeds as `npm start` would for the HOSTNAME and NODE_ENV it is given)
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { ensureLocalSecret } from "@/lib/config/local-secret";
import { databaseTarget } from "@/lib/db/url";
import { listenAddress } from "@/lib/runtime/listen-address";
import type { SeedMode } from "@/prisma/seed";

const root = path.resolve(import.meta.dirname, "..");

export class PrepareError extends Error {}

async function checkReachable(): Promise<void> {
  const target = databaseTarget(process.env.DATABASE_URL, root);
  if (target.provider === "sqlite") {
    mkdirSync(path.dirname(target.file), { recursive: true });
    // WAL lets readers carry on while a write commits; the mode is stored in the file.
    const sqlite = new Database(target.file);
    sqlite.pragma("journal_mode = WAL");
    sqlite.close();
    return;
  }
  const client = new pg.Client({ connectionString: target.url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (err) {
    // A missing database is fine: prisma migrate deploy creates it.
    if ((err as { code?: string }).code === "3D000") return;
    const why = err instanceof Error ? err.message : String(err);
    throw new PrepareError(`Cannot reach PostgreSQL at DATABASE_URL (${why}): start it or fix the URL`);
  } finally {
    await client.end().catch(() => {});
  }
}

function migrate(): void {
  try {
    execFileSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      env: process.env,
    });
  } catch (err) {
    const out = String((err as { stderr?: Buffer }).stderr ?? "")
      .trim()
      .split("\n")
      .filter(Boolean);
    throw new PrepareError(`Applying migrations failed: ${out.at(-1) ?? "see prisma migrate deploy"}`);
  }
}

/**
 * Seeds (in `seed` mode) only a database without users. Runs inside the server's
 * own process under `npm start`, so it leaves the process-wide client open: the
 * server goes on with the same pool (ending it here ended PostgreSQL's for good).
 */
export async function prepareDatabase({ seed }: { seed?: SeedMode } = {}): Promise<void> {
  await checkReachable();
  migrate();
  if (!seed) return;
  const { db } = await import("@/lib/db/client");
  const { seed: runSeed, refuseDemoPasswords } = await import("@/prisma/seed");
  if ((await db.user.count()) === 0) console.log(await runSeed(seed));
  else await refuseDemoPasswords(seed);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // As `npm start` does: outside production a missing AUTH_SECRET (it peppers the seeded hashes) comes from .auth-secret.
  if (process.env.NODE_ENV !== "production") ensureLocalSecret(root);
  Promise.all([listenAddress(), import("@/prisma/seed")])
    .then(([at, { seedMode }]) => prepareDatabase({ seed: seedMode(at) }))
    // Only the command on its own closes the client (and the pool under it).
    .then(async () => (await import("@/lib/db/client")).disconnectDatabase())
    .catch((err: unknown) => {
      console.error(
        err instanceof PrepareError || err instanceof Error ? err.message.split("\n")[0] : String(err),
      );
      process.exit(1);
    });
}
