// The one way this app makes a secret for a cookie or a link, and stores it:
// 256 random bits, URL-safe; the database keeps only their SHA-256 (hex), so a
// copy of it cannot be replayed.
import { createHash, randomBytes } from "node:crypto";

export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}
