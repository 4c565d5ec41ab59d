// Prisma CLI configuration. DATABASE_URL picks the schema and migrations folder:
// SQLite by default (file:./data/app.db) with prisma/schema.prisma and
// prisma/migrations, or PostgreSQL (postgres:// or postgresql://) with the
// generated prisma/postgres/schema.prisma and prisma/postgres/migrations.
// A relative SQLite path is made absolute against the project folder (where this
// file is), whatever the working directory: the app resolves it against its
// working directory, which is the project folder under every npm script.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { databaseTarget } from "./lib/db/url";

const root = import.meta.dirname;
const target = databaseTarget(process.env.DATABASE_URL, root);
const folder = path.join(root, target.provider === "postgresql" ? "prisma/postgres" : "prisma");

// The native schema engine is downloaded on first use, which fails offline; the
// stand-in in prisma/engine drives Prisma's WebAssembly build of it instead.
// Setting the variable yourself (a real engine binary) still wins. Windows cannot
// start a script as an executable, so there the CLI keeps its own engine.
if (process.platform !== "win32") {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(root, "prisma/engine/schema-engine.mjs");
}

export default defineConfig({
  schema: path.join(folder, "schema.prisma"),
  migrations: { path: path.join(folder, "migrations"), seed: "tsx prisma/seed.ts" },
  datasource: { url: target.url },
});
