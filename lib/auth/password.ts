import { config } from "@/lib/config/env";
import { bcryptCompare, bcryptHash } from "./hash-pool";

/** bcrypt reads at most 72 bytes; longer passwords are refused at the form instead of silently cut. */
export const PASSWORD_MAX_BYTES = 72;
export const PASSWORD_MIN_LENGTH = 8;

/** Throws HashingBusyError when the hashing queue is full. */
export function hashPassword(password: string): Promise<string> {
  return bcryptHash(password, config().BCRYPT_COST);
}

// Compared against when the email is unknown (or has no password), so that
// answer takes as long as a wrong password and does not reveal which it was.
let dummyHash: Promise<string> | undefined;

function dummy(): Promise<string> {
  dummyHash ??= hashPassword("not-a-real-password").catch((err: unknown) => {
    dummyHash = undefined;
    throw err;
  });
  return dummyHash;
}

/** Throws HashingBusyError when the hashing queue is full. */
export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  if (hash) return bcryptCompare(password, hash);
  await bcryptCompare(password, await dummy());
  return false;
}
