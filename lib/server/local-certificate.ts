// A self-signed certificate for trying https locally (`npm run cert`) and for the
// e2e tests of device-bound sessions: EC P-256, for localhost and 127.0.0.1, made
// by the openssl CLI. Browsers accept it only when told to trust its key: Chromium
// with --ignore-certificate-errors-spki-list=<spki> (../shared/design/dbsc.md).
import { execFileSync } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

export type LocalCertificate = { cert: string; key: string; spki: string };

/** Writes `localhost-cert.pem` and `localhost-key.pem` into `dir`. */
export function makeLocalCertificate(dir: string, days = 30): LocalCertificate {
  mkdirSync(dir, { recursive: true });
  const cert = path.join(dir, "localhost-cert.pem");
  const key = path.join(dir, "localhost-key.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      String(days),
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
      "-keyout",
      key,
      "-out",
      cert,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  return { cert, key, spki: spkiHash(readFileSync(cert, "utf8")) };
}

/** Base64 SHA-256 of the certificate's SubjectPublicKeyInfo: what Chromium's SPKI list names. */
export function spkiHash(pem: string): string {
  const spki = new X509Certificate(pem).publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(spki).digest("base64");
}
