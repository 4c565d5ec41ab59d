// Runs inside a worker thread of the hashing pool (lib/auth/hash-pool.ts), so
// bcrypt's CPU time never blocks the thread that serves requests. Plain
// JavaScript: workers load it directly, outside Next's bundle and TypeScript.
import bcrypt from "bcryptjs";

/** `{ password, cost }` hashes; `{ password, hash }` compares. */
export default function hashTask({ password, hash, cost }) {
  return hash ? bcrypt.compareSync(password, hash) : bcrypt.hashSync(password, cost);
}
