// The offline schema engine stand-in, end to end: the stock Prisma CLI, run as
// a child process through prisma.config.ts, against a fresh SQLite file and a
// throwaway PostgreSQL database. Each step covers one thing the wasm engine or
// the driver adapters do not do on their own (see prisma/engine/methods.mjs).
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const prismaBin = path.join(root, "node_modules/.bin/prisma");
const standIn = path.join(root, "prisma/engine/schema-engine.mjs");
// The CLI's temporary files (the SQLite shadow databases) go here, not to the
// machine's shared tmp: another test run beside this one must not look like our leftovers.
const childTmp = mkdtempSync(path.join(tmpdir(), "engine-tmp-"));
afterAll(() => rmSync(childTmp, { recursive: true, force: true }));
const TABLES = [
  "Account",
  "AuditEvent",
  "BindingChallenge",
  "ConnectIntent",
  "Authenticator",
  "MailMessage",
  "LinkToken",
  "KnownDevice",
  "WebAuthnChallenge",
  "RecoveryCode",
  "PendingSignIn",
  "RateLimiterFlexible",
  "RevokedSession",
  "Session",
  "SessionCutoff",
  "User",
  "VerificationToken",
  "ApiRefreshToken",
  "DeviceAuthorization",
  "DpopProof",
];

type Run = { code: number; stdout: string; stderr: string };

/** Runs the stock CLI. Without a --config it reads the repo's prisma.config.ts. */
function prisma(args: string[], databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: childTmp, DATABASE_URL: databaseUrl, ...extraEnv };
  // The stand-in must be found through prisma.config.ts, not an inherited variable.
  if (!extraEnv.PRISMA_SCHEMA_ENGINE_BINARY) delete env.PRISMA_SCHEMA_ENGINE_BINARY;
  return new Promise((resolve) => {
    execFile(prismaBin, args, { cwd: root, env, timeout: 90_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const output = (run: Run) => `${run.stdout}\n${run.stderr}`;

/** What a test needs to know about one database, whichever the provider. */
type Target = {
  provider: "sqlite" | "postgresql";
  schemaDir: string; // the repo folder holding schema.prisma and migrations/
  url: () => string; // the database the repo-config tests run against
  freshUrl: () => string; // a database that does not exist yet
  emptyDatabase: () => Promise<string>; // an existing database without any table
  tables: (url: string) => Promise<string[]>;
  exec: (url: string, sql: string) => Promise<void>;
  count: (url: string, table: string) => Promise<number>;
  leftovers: () => Promise<string[]>; // shadow databases currently present
};

function sqliteTarget(dir: string): Target {
  const file = (url: string) => url.replace(/^file:/, "");
  const withDb = <T>(url: string, fn: (db: Database.Database) => T): T => {
    const db = new Database(file(url));
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };
  return {
    provider: "sqlite",
    schemaDir: path.join(root, "prisma"),
    // In a folder that does not exist yet, like data/ in a fresh clone.
    url: () => `file:${path.join(dir, "data/app.db")}`,
    freshUrl: () => `file:${path.join(dir, "dev/dev.db")}`,
    emptyDatabase: async () => {
      const url = `file:${path.join(dir, "empty.db")}`;
      withDb(url, () => {}); // creates the file
      return url;
    },
    tables: async (url) =>
      withDb(url, (db) =>
        (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
          (r) => r.name,
        ),
      ),
    exec: async (url, sql) => withDb(url, (db) => void db.exec(sql)),
    count: async (url, table) =>
      withDb(url, (db) => (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n),
    leftovers: async () => readdirSync(childTmp).filter((f) => f.startsWith("prisma-shadow-")),
  };
}

function postgresTarget(base: string, name: string): Target {
  const urlOf = (db: string) => {
    const u = new URL(base);
    u.pathname = `/${db}`;
    return u.toString();
  };
  const withClient = async <T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  return {
    provider: "postgresql",
    schemaDir: path.join(root, "prisma/postgres"),
    url: () => urlOf(name),
    freshUrl: () => urlOf(`${name}_new`),
    emptyDatabase: async () => urlOf(name), // created empty before the suite, migrated by the next test
    tables: (url) =>
      withClient(url, async (c) =>
        (await c.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).rows.map(
          (r: { tablename: string }) => r.tablename,
        ),
      ),
    exec: (url, sql) => withClient(url, async (c) => void (await c.query(sql))),
    count: (url, table) =>
      withClient(url, async (c) => Number((await c.query(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n)),
    leftovers: () =>
      withClient(base, async (c) =>
        (await c.query("SELECT datname FROM pg_database WHERE datname LIKE 'prisma_shadow_%'")).rows.map(
          (r: { datname: string }) => r.datname,
        ),
      ),
  };
}

function engineSuite(target: Target) {
  const schema = path.join(target.schemaDir, "schema.prisma");
  const committed = readdirSync(path.join(target.schemaDir, "migrations")).filter(
    (f) => !f.endsWith(".toml"),
  );

  it("reports every migration as pending on a database without the migrations table, changing nothing", async () => {
    const url = await target.emptyDatabase();
    const run = await prisma(["migrate", "status"], url);
    expect(run.stdout, output(run)).toContain("have not yet been applied");
    expect(run.stdout).toContain(committed[0]);
    expect(run.stderr).not.toMatch(/error/i);
    expect(await target.tables(url)).toEqual([]);
  });

  it("migrate deploy on an empty database creates the tables", async () => {
    const run = await prisma(["migrate", "deploy"], target.url());
    expect(run.code, output(run)).toBe(0);
    expect(run.stdout).toContain("All migrations have been successfully applied");
    expect((await target.tables(target.url())).sort()).toEqual([...TABLES, "_prisma_migrations"].sort());
  });

  it("migrate status then reports the database up to date", async () => {
    const run = await prisma(["migrate", "status"], target.url());
    expect(run.code, output(run)).toBe(0);
    expect(run.stdout).toContain("Database schema is up to date!");
  });

  it("migrate diff prints the SQL for the schema on stdout", async () => {
    const run = await prisma(
      ["migrate", "diff", "--from-empty", "--to-schema", schema, "--script"],
      target.url(),
    );
    expect(run.code, output(run)).toBe(0);
    expect(run.stdout).toContain('CREATE TABLE "Session"');
  });

  it("migrate diff finds no difference between the migrated database and the schema", async () => {
    // Reads the live database back (introspection), so on PostgreSQL this also
    // needs the adapter to accept the catalog's "char" and name columns.
    const run = await prisma(
      ["migrate", "diff", "--from-config-datasource", "--to-schema", schema, "--script"],
      target.url(),
    );
    expect(run.code, output(run)).toBe(0);
    expect(run.stdout).toContain("This is an empty migration.");
  });

  it("migrate reset empties the database and applies the migrations again", async () => {
    const url = target.url();
    await target.exec(
      url,
      `INSERT INTO "User" ("id", "email", "updatedAt") VALUES ('u1', 'a@example.com', CURRENT_TIMESTAMP)`,
    );
    await target.exec(url, `CREATE TABLE "Leftover" ("id" INTEGER PRIMARY KEY)`);
    const run = await prisma(["migrate", "reset", "--force"], url);
    expect(run.code, output(run)).toBe(0);
    expect(await target.count(url, "User")).toBe(0);
    expect(await target.tables(url)).not.toContain("Leftover");
    expect((await target.tables(url)).sort()).toEqual([...TABLES, "_prisma_migrations"].sort());
  });

  it("migrate dev creates a migration for a schema change (on a copy of the prisma folder)", async () => {
    const work = mkdtempSync(path.join(tmpdir(), "engine-dev-"));
    try {
      cpSync(schema, path.join(work, "schema.prisma"));
      cpSync(path.join(target.schemaDir, "migrations"), path.join(work, "migrations"), { recursive: true });
      const copy = path.join(work, "schema.prisma");
      writeFileSync(
        copy,
        readFileSync(copy, "utf8").replace(/(\n {2}image\s+String\?\n)/, "$1  nickname      String?\n"),
      );
      expect(readFileSync(copy, "utf8")).toContain("nickname");
      const config = path.join(work, "prisma.config.mjs");
      writeFileSync(
        config,
        `export default ${JSON.stringify({ schema: copy, migrations: { path: path.join(work, "migrations") }, datasource: { url: target.freshUrl() } })};\n`,
      );
      const before = await target.leftovers();

      // A database that does not exist yet: created, brought up to date, then the
      // new migration generated (through the shadow database) and applied.
      const run = await prisma(
        ["migrate", "dev", "--name", "add_nickname", "--config", config],
        target.freshUrl(),
        {
          PRISMA_SCHEMA_ENGINE_BINARY: standIn,
        },
      );
      expect(run.code, output(run)).toBe(0);
      const created = readdirSync(path.join(work, "migrations")).filter((f) => f.endsWith("_add_nickname"));
      expect(created).toHaveLength(1);
      const sql = readFileSync(path.join(work, "migrations", String(created[0]), "migration.sql"), "utf8");
      expect(sql).toMatch(/ALTER TABLE "User" ADD COLUMN\s+"nickname" TEXT/);
      expect(await target.tables(target.freshUrl())).toContain("User");
      expect((await target.leftovers()).filter((db) => !before.includes(db))).toEqual([]);
      // The repo's own migrations are untouched.
      expect(
        readdirSync(path.join(target.schemaDir, "migrations")).filter((f) => !f.endsWith(".toml")),
      ).toEqual(committed);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
}

describe("schema engine stand-in on SQLite", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "engine-sqlite-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  engineSuite(sqliteTarget(dir));

  it("created the missing data folder and file on the first deploy", () => {
    expect(existsSync(path.join(dir, "data/app.db"))).toBe(true);
    // Closed cleanly: the engine's exclusive-mode connection leaves no journal behind.
    expect(existsSync(path.join(dir, "data/app.db-journal"))).toBe(false);
  });
});

const base = process.env.TEST_DATABASE_URL;
describe.skipIf(!base)(
  `schema engine stand-in on PostgreSQL${base ? "" : " (skipped: set TEST_DATABASE_URL to run it)"}`,
  () => {
    const name = `hybrid_auth_engine_${randomBytes(4).toString("hex")}`;
    const admin = async (sql: string) => {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    beforeAll(() => admin(`CREATE DATABASE ${name}`));
    afterAll(async () => {
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin(`DROP DATABASE IF EXISTS ${name}_new WITH (FORCE)`);
    });
    engineSuite(postgresTarget(base ?? "", name));
  },
);

describe("prisma/postgres/schema.prisma", () => {
  it("is up to date with prisma/schema.prisma", async () => {
    const run = await new Promise<Run>((resolve) =>
      execFile(
        process.execPath,
        [path.join(root, "scripts/db-schemas.mjs"), "--check"],
        (err, stdout, stderr) => resolve({ code: err ? 1 : 0, stdout, stderr }),
      ),
    );
    expect(run.code, run.stderr).toBe(0);
  });
});
