import { randomToken, sha256Hex } from "@/lib/crypto/token";

/** 256 random bits, URL-safe: the value the session cookie carries. */
export const newSessionToken = randomToken;

/** What the database stores in place of the token: a stolen table cannot be replayed as cookies. */
export const hashSessionToken = sha256Hex;
