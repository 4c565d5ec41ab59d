// Message bodies are sealed in the outbox: they carry working single-use links
// (reset, "This wasn't me"), and the database must never hold a link that
// works. Sealed with a key derived from AUTH_SECRET (JWE, dir + A256GCM), so a
// copy of the database alone opens nothing; once a message is sent its body is
// dropped altogether (lib/mail/drain.ts).
import { CompactEncrypt, compactDecrypt } from "jose";
import { authSecrets } from "@/lib/config/env";
import { hkdf, oncePerSecret } from "@/lib/edge/derive";

const PREFIX = "sealed:v1:";

/** What a sent message's body is replaced with. */
export const DROPPED_BODY = "";

const keyFor = oncePerSecret(
  async (secret) => new Uint8Array(await hkdf(secret, "mail body", 32, "hybrid-auth mail v1")),
);

export async function sealBody(body: string): Promise<string> {
  // authSecrets() throws rather than return an empty list.
  const current = authSecrets()[0] ?? "";
  const jwe = await new CompactEncrypt(new TextEncoder().encode(body))
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .encrypt(await keyFor(current));
  return PREFIX + jwe;
}

export class UnreadableBodyError extends Error {}

/** Opens a sealed body with any secret in rotation; throws when none opens it (a retired AUTH_SECRET). */
export async function openBody(stored: string, secrets: string[] = authSecrets()): Promise<string> {
  if (!stored.startsWith(PREFIX)) return stored;
  const jwe = stored.slice(PREFIX.length);
  for (const secret of secrets) {
    try {
      const { plaintext } = await compactDecrypt(jwe, await keyFor(secret), {
        keyManagementAlgorithms: ["dir"],
        contentEncryptionAlgorithms: ["A256GCM"],
      });
      return new TextDecoder().decode(plaintext);
    } catch {
      // Sealed under another secret in the list: try the next.
    }
  }
  throw new UnreadableBodyError("sealed with an AUTH_SECRET no longer configured");
}
