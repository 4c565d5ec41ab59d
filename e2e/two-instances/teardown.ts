// Drops the database the two instances shared.
import { dropDatabase } from "@/lib/testing/throwaway-database";

export default async function teardown() {
  const url = process.env.DATABASE_URL ?? "";
  if (new URL(url).pathname.startsWith("/hybrid_auth_e2e_")) await dropDatabase(url);
}
