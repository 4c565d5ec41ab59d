// The JSON-RPC methods the CLI calls. Most go straight to the wasm engine, whose
// methods carry the same names; the rest cover what it does differently from the
// native engine, or leaves out.
import { engineSqliteConnection, scratchSqliteUrl, shadowDatabasesOpened } from "./adapters.mjs";
import {
  createDatabase,
  dropMigrationsTable,
  EngineError,
  ensureMigrationsTable,
  isPostgres,
  resetSqlite,
} from "./database.mjs";

const SAME_AS_WASM = new Set([
  "dbExecute",
  "ensureConnectionValidity",
  "introspect",
  "introspectSql",
  "markMigrationRolledBack",
  "schemaPush",
]);

const NO_FILTER = { externalTables: [], externalEnums: [] };

/** The wasm engine fails with P1014 where the native one sees "no migrations applied yet". */
function isMissingMigrationsTable(err) {
  return err?.code === "P1014" && String(err.message).includes("_prisma_migrations");
}

/** Whether a `diff` reads the configured database (not just schema files or migrations). */
function diffReadsDatabase({ from, to }) {
  return [from, to].some((target) => target?.tag === "url" || target?.tag === "schemaDatasource");
}

/** @typedef {{ engine: any, explain: (err: unknown) => unknown }} OpenEngine a wasm engine and its error explainer */

/**
 * @param {{ url: string }} datasource from the CLI's --datasource
 * @param {(datasource: { url: string }, options?: { scratch?: boolean }) => Promise<OpenEngine>} openEngine
 * @returns {(method: string, params: any, client: { print(content: string): Promise<void> }) => Promise<any>}
 */
export function methods(datasource, openEngine) {
  const { url } = datasource;
  let main;

  // evaluateDataLoss and createMigration fail on SQLite with "SQLite shadow DB
  // must be provided through an external factory" unless an earlier call of the
  // session has set up the shadow database, and applying a migration undoes that
  // set-up. So `migrate dev` on a database with pending migrations (a fresh one,
  // say) fails. A diagnoseMigrationHistory that may use the shadow database sets
  // it up again.
  let shadowReady = false;
  async function tracksShadow(call) {
    const before = shadowDatabasesOpened();
    try {
      return await call();
    } finally {
      if (shadowDatabasesOpened() > before) shadowReady = true;
    }
  }
  async function readyShadow(engine, params) {
    if (shadowReady) return;
    await tracksShadow(() =>
      engine.diagnoseMigrationHistory({
        migrationsList: params.migrationsList,
        optInToShadowDatabase: true,
        filters: params.filters ?? NO_FILTER,
      }),
    ).catch(() => {}); // the call that needs it reports any problem
  }

  const own = {
    // `migrate status` on a database without the migrations table (fresh, or
    // never managed by Migrate): nothing is applied, every local migration is
    // pending. Answered without writing to the database, like the native engine.
    async diagnoseMigrationHistory(engine, params) {
      try {
        return await tracksShadow(() => engine.diagnoseMigrationHistory(params));
      } catch (err) {
        if (!isMissingMigrationsTable(err)) throw err;
        const names = params.migrationsList.migrationDirectories.map((d) => d.path);
        return {
          editedMigrationNames: [],
          failedMigrationNames: [],
          hasMigrationsTable: false,
          history: names.length ? { diagnostic: "databaseIsBehind", unappliedMigrationNames: names } : null,
        };
      }
    },

    // `migrate dev` asks first whether to create a migration or reset. The wasm
    // engine needs the migrations table for that, so provide an empty one for the
    // question only: its answer is then the native engine's (including drift on
    // a non-empty database), and the database is left as it was.
    async devDiagnostic(engine, params) {
      const created = await ensureMigrationsTable(url, engineSqliteConnection());
      try {
        return await tracksShadow(() => engine.devDiagnostic(params));
      } finally {
        if (created) await dropMigrationsTable(url, engineSqliteConnection());
      }
    },

    // `migrate resolve --applied` is how an existing database is baselined: the
    // native engine creates the migrations table for it, the wasm one fails.
    async markMigrationApplied(engine, params) {
      await ensureMigrationsTable(url, engineSqliteConnection());
      return engine.markMigrationApplied(params);
    },

    async evaluateDataLoss(engine, params) {
      await readyShadow(engine, params);
      return tracksShadow(() => engine.evaluateDataLoss(params));
    },

    async createMigration(engine, params) {
      await readyShadow(engine, params);
      return tracksShadow(() => engine.createMigration(params));
    },

    async applyMigrations(engine, params) {
      const result = await engine.applyMigrations(params);
      if (result.appliedMigrationNames.length > 0) shadowReady = false;
      return result;
    },

    // On SQLite the wasm engine's reset leaves the tables in place.
    async reset(engine, params) {
      shadowReady = false;
      if (isPostgres(url)) return engine.reset(params);
      resetSqlite(url, engineSqliteConnection());
      return null;
    },

    // The native engine has the CLI print the diff (a `print` request); the wasm
    // engine returns it instead, and the CLI prints nothing it gets back.
    async diff(engine, params, client) {
      const result = await engine.diff(params);
      if (result.stdout) await client.print(result.stdout);
      return { ...result, stdout: null };
    },

    // Only used for crash reports; the wasm engine calls it `version`.
    getDatabaseVersion: (engine, params) => engine.version(params ?? undefined),

    async createDatabase(_engine, params) {
      const target = params?.datasource?.tag === "ConnectionString" ? params.datasource.url : url;
      return { databaseName: await createDatabase(target) };
    },
  };

  async function call(opened, method, params, client) {
    try {
      if (Object.hasOwn(own, method)) return await own[method](opened.engine, params, client);
      if (SAME_AS_WASM.has(method)) return await opened.engine[method](params);
    } catch (err) {
      throw opened.explain(err);
    }
    throw new EngineError(
      null,
      `The schema engine stand-in (prisma/engine) does not implement \`${method}\`.`,
    );
  }

  return async (method, params, client) => {
    // The engine opens the configured database even for a diff between schema
    // files, which on SQLite creates an empty database file (or fails when its
    // folder does not exist yet). Such a diff gets a scratch database instead.
    if (method === "diff" && !isPostgres(url) && !diffReadsDatabase(params)) {
      return call(await openEngine({ url: scratchSqliteUrl() }, { scratch: true }), method, params, client);
    }
    main ??= openEngine(datasource);
    return call(await main, method, params ?? {}, client);
  };
}
