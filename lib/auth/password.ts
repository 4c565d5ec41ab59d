import bcrypt from "bcryptjs";
import { config } from "@/lib/config/env";

/** bcrypt reads at most 72 bytes; longer passwords are refused at the form instead of silently cut. */
export const PASSWORD_MAX_BYTES = 72;
export const PASSWORD_MIN_LENGTH = 8;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, config().BCRYPT_COST);
}

// Compared against when the email is unknown (or has no password), so that
// answer takes as long as a wrong password and does not reveal which it was.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  if (hash) return bcrypt.compare(password, hash);
  dummyHash ??= bcrypt.hash("not-a-real-password", config().BCRYPT_COST);
  await bcrypt.compare(password, await dummyHash);
  return false;
}
