// Bench helper: our server (lib/server/serve.ts, what `npm start` runs: request
// ids, request metrics, logs, and traces when an OTLP endpoint is set) on the
// build in the current folder, at 127.0.0.1:PORT. bench/run.ts starts it in a
// variant's folder, beside `next start` on the same build.
import { logger } from "@/lib/log/logger";
import { serve } from "@/lib/server/serve";

const port = Number(process.env.PORT);
const url = await serve({
  dir: process.cwd(),
  dev: false,
  at: { address: "127.0.0.1", port, loopbackOnly: true },
});
logger().info({ event: "server.listening", url }, `bench server on ${url}`);
