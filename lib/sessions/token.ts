import { createHash, randomBytes } from "node:crypto";

/** 256 random bits, URL-safe: the value the session cookie carries. */
export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What the database stores in place of the token: a stolen table cannot be replayed as cookies. */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
