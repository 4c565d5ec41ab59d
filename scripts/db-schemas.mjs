#!/usr/bin/env node
// prisma/schema.prisma (SQLite) is the one source of the models. This writes the
// PostgreSQL copy, which differs only in its provider and client output folder.
//   node scripts/db-schemas.mjs          write prisma/postgres/schema.prisma
//   node scripts/db-schemas.mjs --check  exit 1 if it is out of date
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const source = path.join(root, "prisma/schema.prisma");
const target = path.join(root, "prisma/postgres/schema.prisma");

export function postgresSchema(sqlite) {
  const out = sqlite
    .replace(/provider = "sqlite"/, 'provider = "postgresql"')
    .replace(/(output\s*=\s*)"\.\.\/lib\/generated\/sqlite"/, '$1"../../lib/generated/postgres"');
  if (out === sqlite || !out.includes("lib/generated/postgres")) {
    throw new Error("prisma/schema.prisma no longer has the provider/output lines this script rewrites");
  }
  return `// GENERATED from prisma/schema.prisma by scripts/db-schemas.mjs: edit that file, then run npm run db:schemas.\n${out}`;
}

const expected = postgresSchema(readFileSync(source, "utf8"));
if (process.argv.includes("--check")) {
  const current = existsSync(target) ? readFileSync(target, "utf8") : "";
  if (current !== expected) {
    console.error("prisma/postgres/schema.prisma is out of date: run npm run db:schemas");
    process.exit(1);
  }
} else {
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, expected);
}
