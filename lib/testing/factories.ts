import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";

export function createUser(
  overrides: {
    role?: string;
    lockedAt?: Date;
    lockedUntil?: Date;
    lockedReason?: string;
    lockedById?: string;
  } = {},
) {
  const id = randomUUID().slice(0, 8);
  return db.user.create({ data: { email: `u-${id}@example.com`, name: `U ${id}`, ...overrides } });
}

export const testClient = { ip: "198.51.100.7", userAgent: "vitest", deviceLabel: "Test device" };
