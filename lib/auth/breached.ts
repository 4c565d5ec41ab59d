// Is a password known to attackers? Offline by default: the common-password
// list shipped with zxcvbn-ts (@zxcvbn-ts/language-common, about 49,000 entries
// drawn from real breaches), loaded once into a Set, so a look-up costs no I/O and
// does not block the event loop beyond the first. With BREACHED_PASSWORD_CHECK=hibp
// also Have I Been Pwned's range API (k-anonymity: only the first 5 hex characters
// of the password's SHA-1 leave the server, and the answer lists every suffix in
// that range, padded so its size says nothing either).
import { createHash } from "node:crypto";
import { dictionary } from "@zxcvbn-ts/language-common";
import { config } from "@/lib/config/env";
import { logger } from "@/lib/log/logger";

const HIBP_TIMEOUT_MS = 2000;

let common: Set<string> | undefined;

/** The list compares lower case: "Password1" is as guessable as "password1". */
function fold(password: string): string {
  return password.normalize("NFKC").toLowerCase();
}

export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary["passwords-common"].map(fold));
  return common.has(fold(password));
}

/**
 * True when Have I Been Pwned has seen the password in a breach. When it cannot
 * be asked (down, slow, blocked) the answer is false and a line is logged: the
 * offline list has already been checked, and refusing every new password while a
 * third party is away would lock people out of sign-up and reset.
 */
export async function pwnedByHibp(password: string, apiUrl = config().HIBP_API_URL): Promise<boolean> {
  const sha1 = createHash("sha1").update(password, "utf8").digest("hex").toUpperCase();
  const prefix = sha1.slice(0, 5);
  const suffix = sha1.slice(5);
  try {
    const res = await fetch(`${apiUrl}${prefix}`, {
      headers: { "Add-Padding": "true" },
      signal: AbortSignal.timeout(HIBP_TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    for (const line of (await res.text()).split("\n")) {
      const [candidate, count] = line.trim().split(":");
      // Padding entries carry a count of 0.
      if (candidate === suffix && Number(count) > 0) return true;
    }
    return false;
  } catch (err) {
    logger().warn(
      { event: "breached_check.unavailable", err },
      "Have I Been Pwned could not be asked: the password was checked against the offline list only",
    );
    return false;
  }
}

/** The offline list, then (when configured) Have I Been Pwned. */
export async function isBreachedPassword(password: string): Promise<boolean> {
  if (isCommonPassword(password)) return true;
  return config().BREACHED_PASSWORD_CHECK === "hibp" && pwnedByHibp(password);
}
