// Idempotent seed: an administrator and two demo users. Outside production the
// documented demo passwords are used (and printed); in production a user is
// created only when its password variable is set.
import { audit } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";

const production = process.env.NODE_ENV === "production";

const DEMO_ADMIN_PASSWORD = "admin-demo-password";
const DEMO_USER_PASSWORD = "user-demo-password";

type SeedUser = { email: string; name: string; role: "admin" | "user"; password: string | undefined };

function seedUsers(env = process.env): SeedUser[] {
  const adminPassword = env.SEED_ADMIN_PASSWORD ?? (production ? undefined : DEMO_ADMIN_PASSWORD);
  const userPassword = env.SEED_USER_PASSWORD ?? (production ? undefined : DEMO_USER_PASSWORD);
  return [
    {
      email: (env.SEED_ADMIN_EMAIL ?? "admin@example.com").toLowerCase(),
      name: "Admin",
      role: "admin",
      password: adminPassword,
    },
    { email: "alice@example.com", name: "Alice", role: "user", password: userPassword },
    { email: "bob@example.com", name: "Bob", role: "user", password: userPassword },
  ];
}

export async function seed(): Promise<string[]> {
  const lines: string[] = [];
  for (const u of seedUsers()) {
    if (!u.password) {
      lines.push(
        `skipped ${u.email}: set ${u.role === "admin" ? "SEED_ADMIN_PASSWORD" : "SEED_USER_PASSWORD"} to create it`,
      );
      continue;
    }
    if (await db.user.findUnique({ where: { email: u.email }, select: { id: true } })) {
      lines.push(`exists  ${u.email}`);
      continue;
    }
    const passwordHash = await hashPassword(u.password);
    await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: u.email, name: u.name, role: u.role, passwordHash },
      });
      await audit(tx, {
        action: "user.created",
        targetUserId: user.id,
        details: { source: "seed", role: u.role },
      });
    });
    const shown = production ? "(password from the environment)" : `password ${u.password}`;
    lines.push(`created ${u.email} (${u.role}) ${shown}`);
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  seed()
    .then((lines) => {
      for (const line of lines) console.log(`seed: ${line}`);
    })
    .catch((err: unknown) => {
      console.error(`seed failed: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
      process.exitCode = 1;
    })
    .finally(() => db.$disconnect());
}
