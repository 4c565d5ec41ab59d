import { describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";
import { seed } from "./seed";

describe("seed", () => {
  it("creates the admin and two demo users once, with working passwords", async () => {
    const first = await seed();
    const second = await seed();
    expect(second.every((line) => line.startsWith("exists"))).toBe(true);
    expect(first.length).toBe(3);
    const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@example.com" } });
    expect(admin.role).toBe("admin");
    expect(await verifyPassword("admin-demo-password", admin.passwordHash)).toBe(true);
    const users = await db.user.findMany({
      where: { email: { in: ["alice@example.com", "bob@example.com"] } },
    });
    expect(users.map((u) => u.role)).toEqual(["user", "user"]);
  });
});
