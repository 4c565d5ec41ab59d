// HTTPS_CERT and HTTPS_KEY: read and checked once, so `npm start` names a bad
// one in one line before it migrates or builds anything.
import { readFileSync } from "node:fs";
import { createSecureContext } from "node:tls";
import { config } from "@/lib/config/env";

export class TlsFilesError extends Error {}

/** The PEM pair to serve https with, or null for plain http (neither is set). */
export function tlsFiles(): { cert: Buffer; key: Buffer } | null {
  const { HTTPS_CERT, HTTPS_KEY } = config();
  if (!HTTPS_CERT || !HTTPS_KEY) return null;
  const read = (name: string, file: string) => {
    try {
      return readFileSync(file);
    } catch {
      throw new TlsFilesError(`${name} ${file} cannot be read (npm run cert makes a local pair)`);
    }
  };
  const files = { cert: read("HTTPS_CERT", HTTPS_CERT), key: read("HTTPS_KEY", HTTPS_KEY) };
  try {
    createSecureContext(files);
  } catch {
    throw new TlsFilesError("HTTPS_CERT and HTTPS_KEY are not a PEM certificate and its private key");
  }
  return files;
}
