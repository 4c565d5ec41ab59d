// HKDF-SHA256 over AUTH_SECRET with WebCrypto: edge-safe, and the same in Node.
const SALT = "hybrid-auth edge token v1";

export async function hkdf(secret: string, info: string, bytes: number, salt = SALT): Promise<ArrayBuffer> {
  const enc = new TextEncoder();
  const ikm = await crypto.subtle.importKey("raw", enc.encode(secret), "HKDF", false, ["deriveBits"]);
  return crypto.subtle.deriveBits(
    { name: "HKDF", hash: "SHA-256", salt: enc.encode(salt), info: enc.encode(info) },
    ikm,
    bytes * 8,
  );
}

export function hex(buf: ArrayBuffer): string {
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * `derive` run once per secret and process; concurrent callers share its promise.
 * A derivation that fails is forgotten, so the next caller tries again instead of
 * the process failing every token until it restarts.
 */
export function oncePerSecret<T>(derive: (secret: string) => Promise<T>): (secret: string) => Promise<T> {
  const derived = new Map<string, Promise<T>>();
  return (secret) => {
    let value = derived.get(secret);
    if (!value) {
      value = derive(secret);
      derived.set(secret, value);
      value.catch(() => {
        if (derived.get(secret) === value) derived.delete(secret);
      });
    }
    return value;
  };
}
