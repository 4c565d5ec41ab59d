// Serves the existing build with our server on HOSTNAME/PORT, nothing else (no
// migration, no seed, no build): one instance of a scaled-out deployment, as
// scripts/balanced.ts starts the third and restarts them.
import path from "node:path";
import { logger } from "@/lib/log/logger";
import { listenAddress } from "@/lib/runtime/listen-address";
import { serve } from "@/lib/server/serve";

const root = path.resolve(import.meta.dirname, "..");
const url = await serve({ dir: root, dev: false, at: await listenAddress() });
logger().info({ event: "server.listening", url }, `Listening on ${url}`);
