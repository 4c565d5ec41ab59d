// Runs inside a worker thread of the hashing pool (lib/auth/hash-pool.ts), so
// bcrypt's CPU time never blocks the thread that serves requests. Plain
// JavaScript: workers load it directly, outside Next's bundle and TypeScript.
import bcrypt from "bcryptjs";

/**
 * `{ password, cost }` hashes; `{ password, hash }` compares. Also says when it
 * began, on the wall clock every thread of the process shares, so the pool can
 * tell time spent queued from time spent hashing.
 */
export default function hashTask({ password, hash, cost }) {
  const startedAt = performance.timeOrigin + performance.now();
  const result = hash ? bcrypt.compareSync(password, hash) : bcrypt.hashSync(password, cost);
  return { result, startedAt };
}
