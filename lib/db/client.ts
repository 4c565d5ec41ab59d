// One Prisma client per process for the database DATABASE_URL names. Both
// generated clients come from the same models, so the SQLite one's types serve both.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "@/lib/generated/postgres/client";
import { PrismaClient } from "@/lib/generated/sqlite/client";
import { databaseTarget } from "./url";

export type Db = PrismaClient;
/** A client or the transaction client handed to `db.$transaction(async (tx) => ...)`. */
export type DbTx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

function createClient(): Db {
  const target = databaseTarget(process.env.DATABASE_URL);
  if (target.provider === "postgresql") {
    return new PostgresClient({ adapter: new PrismaPg({ connectionString: target.url }) }) as unknown as Db;
  }
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: target.file }) });
}

// Survives Next's dev-mode module reloads, which would otherwise open a client per edit.
const globalForDb = globalThis as unknown as { hybridAuthDb?: Db };

export const db: Db = globalForDb.hybridAuthDb ?? createClient();
if (process.env.NODE_ENV !== "production") globalForDb.hybridAuthDb = db;
