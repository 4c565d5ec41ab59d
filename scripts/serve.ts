// Serves the existing build with our server on HOSTNAME/PORT, nothing else (no
// migration, no seed, no build): one instance of a scaled-out deployment, as
// scripts/two-instances.ts starts them.
import path from "node:path";
import { listenAddress } from "@/lib/runtime/listen-address";
import { serve } from "@/lib/server/serve";

const root = path.resolve(import.meta.dirname, "..");
console.log(`Listening on ${await serve({ dir: root, dev: false, at: await listenAddress() })}`);
