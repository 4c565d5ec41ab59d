// Seeds a new database. The README's demo accounts (known passwords) are created
// only where they are safe: a server listening on loopback only, outside
// production. Anywhere else only the administrator is created, with
// SEED_ADMIN_PASSWORD or a random password printed once. Idempotent; returns
// the one line that says which happened.

import { randomBytes } from "node:crypto";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { newPassword } from "@/lib/auth/forms";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { newPasswordProblem } from "@/lib/auth/password-policy";
import { ConfigError } from "@/lib/config/env";
import { ensureLocalSecret } from "@/lib/config/local-secret";
import { db } from "@/lib/db/client";
import { type ListenAddress, listenAddress } from "@/lib/runtime/listen-address";
import { notLockedWhere } from "@/lib/users/lock";

export const DEMO_ADMIN_PASSWORD = "admin-demo-password";
export const DEMO_USER_PASSWORD = "user-demo-password";
const DEMO_USERS = [
  { email: "alice@example.com", name: "Alice" },
  { email: "bob@example.com", name: "Bob" },
];

export type SeedMode = { demo: true } | { demo: false; because: string };

export function seedMode(
  at: Pick<ListenAddress, "address" | "loopbackOnly">,
  env: Record<string, string | undefined> = process.env,
): SeedMode {
  if (env.NODE_ENV === "production") return { demo: false, because: "NODE_ENV=production" };
  if (!at.loopbackOnly)
    return { demo: false, because: `the server listens on ${at.address}, not loopback only` };
  return { demo: true };
}

const seedEnv = z.object({
  SEED_ADMIN_EMAIL: z.string().trim().toLowerCase().pipe(z.email()).default("admin@example.com"),
  SEED_ADMIN_PASSWORD: newPassword.optional(),
});

function readSeedEnv(env: Record<string, string | undefined>) {
  const parsed = seedEnv.safeParse(env);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ConfigError(`Invalid ${issue?.path.join(".")}: ${issue?.message}`);
}

type NewUser = { email: string; name: string; role: "admin" | "user"; password: string };

/** False when the email is taken already. */
async function createUser(u: NewUser): Promise<boolean> {
  if (await db.user.findUnique({ where: { email: u.email }, select: { id: true } })) return false;
  const passwordHash = await hashPassword(u.password);
  await db.$transaction(async (tx) => {
    // The operator chose these addresses: they count as verified, so the seeded administrator can add the
    // second factor that admin pages ask for (it needs a verified address) without a mailbox behind it.
    const user = await tx.user.create({
      data: { email: u.email, name: u.name, role: u.role, passwordHash, emailVerified: new Date() },
    });
    await audit(tx, {
      action: "user.created",
      targetUserId: user.id,
      details: { source: "seed", role: u.role },
    });
  });
  return true;
}

async function seedDemo(adminEmail: string, adminPassword: string | undefined): Promise<string> {
  const shown: string[] = [];
  const admin = { email: adminEmail, name: "Admin", role: "admin" as const };
  if (await createUser({ ...admin, password: adminPassword ?? DEMO_ADMIN_PASSWORD }))
    shown.push(`${adminEmail} / ${adminPassword ? "SEED_ADMIN_PASSWORD" : DEMO_ADMIN_PASSWORD} (admin)`);
  for (const u of DEMO_USERS)
    if (await createUser({ ...u, role: "user", password: DEMO_USER_PASSWORD }))
      shown.push(`${u.email} / ${DEMO_USER_PASSWORD}`);
  return shown.length > 0
    ? `seed: demo accounts, as the server listens on loopback only: ${shown.join(", ")}`
    : "seed: the demo accounts exist already";
}

async function seedAdminOnly(adminEmail: string, adminPassword: string | undefined, because: string) {
  const password = adminPassword ?? randomBytes(18).toString("base64url");
  const created = await createUser({ email: adminEmail, name: "Admin", role: "admin", password });
  const what = !created
    ? `${adminEmail} exists already`
    : adminPassword
      ? `created ${adminEmail} with SEED_ADMIN_PASSWORD`
      : `created ${adminEmail} with the random password ${password} (shown only now: sign in and change it)`;
  return `seed: ${what}; no demo accounts (${because})`;
}

/**
 * A database seeded on loopback and later served to the network would let anyone
 * who read the README in: refuse to serve while a demo account keeps its demo password.
 */
export async function refuseDemoPasswords(mode: SeedMode, env = process.env): Promise<void> {
  if (mode.demo) return;
  const adminEmail = readSeedEnv(env).SEED_ADMIN_EMAIL;
  const demo = [
    { email: adminEmail, password: DEMO_ADMIN_PASSWORD },
    ...DEMO_USERS.map((u) => ({ email: u.email, password: DEMO_USER_PASSWORD })),
  ];
  const users = await db.user.findMany({
    where: { email: { in: demo.map((d) => d.email) }, ...notLockedWhere() },
    select: { email: true, passwordHash: true },
  });
  for (const u of users) {
    const known = demo.find((d) => d.email === u.email)?.password;
    if (known && u.passwordHash && (await verifyPassword(known, u.passwordHash)))
      throw new ConfigError(
        `${u.email} still has the README's demo password and ${mode.because}: change it (on loopback, at /settings/password) or lock the account first`,
      );
  }
}

export async function seed(mode: SeedMode, env = process.env): Promise<string> {
  const { SEED_ADMIN_EMAIL, SEED_ADMIN_PASSWORD } = readSeedEnv(env);
  // The operator's choice meets the rules every other new password meets (the length one is in readSeedEnv).
  const problem =
    SEED_ADMIN_PASSWORD &&
    (await newPasswordProblem(SEED_ADMIN_PASSWORD, { email: SEED_ADMIN_EMAIL, name: "Admin" }));
  if (problem) throw new ConfigError(`Invalid SEED_ADMIN_PASSWORD: ${problem}`);
  return mode.demo
    ? seedDemo(SEED_ADMIN_EMAIL, SEED_ADMIN_PASSWORD)
    : seedAdminOnly(SEED_ADMIN_EMAIL, SEED_ADMIN_PASSWORD, mode.because);
}

// `tsx prisma/seed.ts`: decides as `npm start` would, from HOSTNAME and NODE_ENV.
if (import.meta.url === `file://${process.argv[1]}`) {
  // As `npm start` does: outside production a missing AUTH_SECRET (it peppers the hashes) comes from .auth-secret.
  if (process.env.NODE_ENV !== "production") ensureLocalSecret();
  listenAddress()
    .then((at) => seed(seedMode(at)))
    .then((line) => console.log(line))
    .catch((err: unknown) => {
      console.error(`seed failed: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
      process.exitCode = 1;
    })
    .finally(() => db.$disconnect());
}
