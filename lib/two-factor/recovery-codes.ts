// Ten single-use recovery codes, shown once. Each is 50 random bits, so SHA-256
// is enough to store them (nothing to brute-force offline in useful time, and
// sign-in attempts are throttled).
import { createHash, randomBytes } from "node:crypto";
import type { DbTx } from "@/lib/db/client";

const ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
const COUNT = 10;

/** "abcde-fghij", or what a person typed ("ABCDE FGHIJ"), as stored. */
export function codeHash(code: string): string {
  return createHash("sha256")
    .update(code.toLowerCase().replace(/[^a-z0-9]/g, ""))
    .digest("hex");
}

function newCode(): string {
  const chars = [...randomBytes(10)].map((b) => ALPHABET[b % ALPHABET.length]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** Replaces the account's codes with ten new ones, returned once. */
export async function replaceRecoveryCodes(tx: DbTx, userId: string): Promise<string[]> {
  await tx.recoveryCode.deleteMany({ where: { userId } });
  const codes = Array.from({ length: COUNT }, newCode);
  await tx.recoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: codeHash(c) })) });
  return codes;
}

/** Spends a code in one conditional update: two requests with the same code, one wins. */
export async function spendRecoveryCode(tx: DbTx, userId: string, code: string): Promise<boolean> {
  const { count } = await tx.recoveryCode.updateMany({
    where: { userId, codeHash: codeHash(code), usedAt: null },
    data: { usedAt: new Date() },
  });
  return count === 1;
}
