// Secrets the database must hold but never in a usable form (mail bodies with
// working links, TOTP secrets): sealed as JWE (dir + A256GCM) under a key
// derived from AUTH_SECRET for one purpose, so a copy of the database alone
// opens nothing. Every secret in the rotation list is tried when opening.
import { CompactEncrypt, compactDecrypt } from "jose";
import { authSecrets } from "@/lib/config/env";
import { hkdf, oncePerSecret } from "@/lib/edge/derive";

const PREFIX = "sealed:v1:";

export class UnreadableError extends Error {}

/** `salt` and `info` name the purpose: a value sealed for one cannot be opened as another. */
export function sealer(salt: string, info: string) {
  const keyFor = oncePerSecret(async (secret) => new Uint8Array(await hkdf(secret, info, 32, salt)));
  return {
    async seal(value: string): Promise<string> {
      // authSecrets() throws rather than return an empty list.
      const current = authSecrets()[0] ?? "";
      const jwe = await new CompactEncrypt(new TextEncoder().encode(value))
        .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
        .encrypt(await keyFor(current));
      return PREFIX + jwe;
    },
    /** Throws UnreadableError when no configured secret opens it (sealed under a retired AUTH_SECRET). */
    async open(stored: string, secrets: string[] = authSecrets()): Promise<string> {
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
      throw new UnreadableError("sealed with an AUTH_SECRET no longer configured");
    },
  };
}
