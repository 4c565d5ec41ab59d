// The run's last check: none of the secrets the fixtures used (e2e/secrets.ts)
// is in the e2e server's log (scripts/e2e-server.ts writes it). Fails the run,
// naming the kinds found and never the secrets.
import { existsSync, readFileSync } from "node:fs";
import { describeFound, secretsIn } from "@/lib/testing/secrets-in-log";
import { E2E_SECRETS_FILE, E2E_SERVER_LOG } from "./env";
import { recordedSecrets } from "./secrets";

export default function globalTeardown(): void {
  // Without the log there is nothing to search: a pass would prove nothing.
  if (!existsSync(E2E_SERVER_LOG)) throw new Error(`The e2e server wrote no log at ${E2E_SERVER_LOG}`);
  const secrets = recordedSecrets(E2E_SECRETS_FILE);
  const found = secretsIn(readFileSync(E2E_SERVER_LOG, "utf8"), secrets);
  if (found.size > 0)
    throw new Error(
      `Secrets the run used are in the server's log (${E2E_SERVER_LOG}): ${describeFound(found)}. ` +
        "Find the log call that writes them and leave them out.",
    );
}
