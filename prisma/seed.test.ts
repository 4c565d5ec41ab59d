// The demo accounts (passwords in the README) appear only on a server that
// listens on loopback only, outside production. Each case seeds a fresh SQLite
// file through `tsx prisma/seed.ts`, which decides from HOSTNAME and NODE_ENV
// exactly as `npm start` does.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";

const root = path.resolve(import.meta.dirname, "..");
const dir = mkdtempSync(path.join(tmpdir(), "hybrid-auth-seed-"));
const template = path.join(dir, "template.db");
let copies = 0;

function run(command: string, args: string[], env: Record<string, string>): string {
  const { PATH = "", HOME = "" } = process.env;
  // The run's AUTH_SECRET: the seeded hashes are peppered with it, as a server's are with its own.
  const { AUTH_SECRET = "" } = process.env;
  const childEnv: Record<string, string> = { PATH, HOME, AUTH_SECRET, BCRYPT_COST: "10", ...env };
  return execFileSync(path.join(root, "node_modules/.bin", command), args, {
    cwd: root,
    // Only what is named here: NODE_ENV stays unset unless a case sets it.
    env: childEnv as NodeJS.ProcessEnv,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  }).trim();
}

function freshDatabase(): string {
  const file = path.join(dir, `case-${++copies}.db`);
  copyFileSync(template, file);
  return file;
}

/** Seeds `file` (a fresh copy of the migrated template unless given) and returns the line and the users. */
function seed(env: Record<string, string>, file = freshDatabase()) {
  const line = run("tsx", ["prisma/seed.ts"], { DATABASE_URL: `file:${file}`, ...env });
  const sqlite = new Database(file, { readonly: true });
  const users = sqlite.prepare(`SELECT email, role, passwordHash FROM "User" ORDER BY email`).all() as {
    email: string;
    role: string;
    passwordHash: string;
  }[];
  sqlite.close();
  return { line, users, file };
}

beforeAll(() => {
  run("prisma", ["migrate", "deploy"], { DATABASE_URL: `file:${template}` });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DEMO_EMAILS = ["admin@example.com", "alice@example.com", "bob@example.com"];

describe("seeding a new database", () => {
  it("creates the README's demo accounts on a loopback-only server outside production", async () => {
    for (const HOSTNAME of ["", "127.0.0.2"]) {
      const { line, users } = seed({ HOSTNAME });
      expect(line).toBe(
        "seed: demo accounts, as the server listens on loopback only: admin@example.com / admin-demo-password (admin), " +
          "alice@example.com / user-demo-password, bob@example.com / user-demo-password",
      );
      expect(users.map((u) => u.email)).toEqual(DEMO_EMAILS);
      expect(await verifyPassword("admin-demo-password", users[0]?.passwordHash ?? "")).toBe(true);
    }
  });

  it("creates only the admin, with a random password printed once, when bound beyond loopback", async () => {
    const { line, users, file } = seed({ HOSTNAME: "0.0.0.0" });
    const password = line.match(
      /^seed: created admin@example\.com with the random password (\S+) \(shown only now: sign in and change it\); no demo accounts \(the server listens on 0\.0\.0\.0, not loopback only\)$/,
    )?.[1];
    expect(password).toHaveLength(24);
    expect(users.map((u) => [u.email, u.role])).toEqual([["admin@example.com", "admin"]]);
    expect(await verifyPassword(password ?? "", users[0]?.passwordHash ?? "")).toBe(true);

    const again = seed({ HOSTNAME: "0.0.0.0" }, file);
    expect(again.line).toBe(
      "seed: admin@example.com exists already; no demo accounts (the server listens on 0.0.0.0, not loopback only)",
    );
    expect(again.users).toEqual(users);
  });

  it("does the same with NODE_ENV=production on loopback, and takes SEED_ADMIN_PASSWORD when set", async () => {
    expect(seed({ NODE_ENV: "production" }).line).toMatch(
      /^seed: created admin@example\.com with the random password \S{24} .*; no demo accounts \(NODE_ENV=production\)$/,
    );
    const { line, users } = seed({ HOSTNAME: "::", SEED_ADMIN_PASSWORD: "operator-chosen-password" });
    expect(line).toBe(
      "seed: created admin@example.com with SEED_ADMIN_PASSWORD; no demo accounts (the server listens on ::, not loopback only)",
    );
    expect(users.map((u) => u.email)).toEqual(["admin@example.com"]);
    expect(await verifyPassword("operator-chosen-password", users[0]?.passwordHash ?? "")).toBe(true);
  });
});
