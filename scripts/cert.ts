// `npm run cert`: a self-signed certificate for https on this machine (data/),
// and how to use it: the two variables for `npm start` and the Chromium flags
// that accept it and turn on device-bound sessions (README, "Device-bound sessions").
import path from "node:path";
import { makeLocalCertificate } from "@/lib/server/local-certificate";

const root = path.resolve(import.meta.dirname, "..");
const { cert, key, spki } = makeLocalCertificate(path.join(root, "data"));
console.log(`Certificate for localhost and 127.0.0.1 (30 days): ${path.relative(root, cert)}
Serve https with:
  HTTPS_CERT=${path.relative(root, cert)} HTTPS_KEY=${path.relative(root, key)} npm start
Chromium accepts it (and binds sessions, in DBSC developer mode) when started with:
  --ignore-certificate-errors-spki-list=${spki} \\
  --enable-features=DeviceBoundSessions:RequireOriginTrialTokens/false/RefreshQuota/false,EnableBoundSessionCredentialsSoftwareKeysForManualTesting`);
