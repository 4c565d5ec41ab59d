// Password hashes. bcrypt reads only the first 72 bytes of its input, so the
// password is first HMAC-SHA-256'd with a server pepper and bcrypt hashes the
// 44-character base64 of that: nothing the user typed is ever cut off, and a
// stolen database alone cannot be guessed against without the pepper.
//
// Stored forms:
//   v2$<pepper id>$<bcrypt>  HMAC(pepper, NFKC(password)) → base64 → bcrypt
//   $2…                      plain bcrypt of the password (before v2); still
//                            verifies, and is rewritten as v2 on the next
//                            successful check (lib/auth/check-password.ts)
// The pepper id (8 hex characters of a hash of the pepper, not the pepper)
// names which pepper made the hash, so AUTH_SECRET can rotate: every entry of
// the list still verifies hashes made with it, and a sign-in moves the hash to
// the current pepper (PASSWORD_PEPPER, else the first AUTH_SECRET entry). Only
// dropping the entry that made a hash loses it (README "Passwords").
import { createHash, createHmac, hkdfSync } from "node:crypto";
import { authSecrets, config } from "@/lib/config/env";
import { bcryptCompare, bcryptHash } from "./hash-pool";
import { normalizePassword } from "./password-policy";

const V2 = "v2$";

type Pepper = { id: string; key: Buffer };

/** PASSWORD_PEPPER and AUTH_SECRET entries alike: so PASSWORD_PEPPER set to a retired AUTH_SECRET entry keeps its hashes. */
function pepperOf(secret: string): Pepper {
  const key = Buffer.from(hkdfSync("sha256", secret, "", "hybrid-auth password pepper", 32));
  return { id: createHash("sha256").update(key).digest("hex").slice(0, 8), key };
}

/** The pepper new hashes use first, then every other one that may have made a stored hash. */
function peppers(): Pepper[] {
  const own = config().PASSWORD_PEPPER;
  return [...new Set([...(own ? [own] : []), ...authSecrets()])].map(pepperOf);
}

/** What bcrypt is given: fixed length, whatever the password's length or bytes. */
function preHash(password: string, pepper: Pepper): string {
  return createHmac("sha256", pepper.key).update(normalizePassword(password), "utf8").digest("base64");
}

/** The stored form of `bcrypt` hashed from preHash with `pepper`. */
function encode(pepper: Pepper, bcrypt: string): string {
  return `${V2}${pepper.id}$${bcrypt}`;
}

/**
 * For fixtures that hash on their own thread at a low cost: the string to give
 * bcrypt, and how to store bcrypt's answer.
 */
export function pepperedInput(password: string): { input: string; store: (bcrypt: string) => string } {
  const [pepper] = peppers() as [Pepper];
  return { input: preHash(password, pepper), store: (bcrypt) => encode(pepper, bcrypt) };
}

/** Throws HashingBusyError when the hashing queue is full. */
export async function hashPassword(password: string): Promise<string> {
  const { input, store } = pepperedInput(password);
  return store(await bcryptHash(input, config().BCRYPT_COST));
}

/** False for a plain bcrypt hash or one made with a pepper that is no longer the first: rewrite it. */
export function hashIsCurrent(hash: string): boolean {
  const [pepper] = peppers() as [Pepper];
  return hash.startsWith(`${V2}${pepper.id}$`);
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
  if (hash?.startsWith(V2)) {
    const [id, bcrypt] = [hash.slice(V2.length, V2.length + 8), hash.slice(V2.length + 9)];
    const pepper = peppers().find((p) => p.id === id);
    if (pepper) return bcryptCompare(preHash(password, pepper), bcrypt);
  } else if (hash) {
    // Before v2 the password went to bcrypt as typed (forms refused more than 72 bytes).
    return bcryptCompare(password, hash);
  }
  // No hash, or its pepper is gone (AUTH_SECRET rotated past it): the same time as a wrong password.
  await bcryptCompare(preHash(password, peppers()[0] as Pepper), (await dummy()).slice(V2.length + 9));
  return false;
}
