// Bench helper: the least a custom server can be (Next's custom-server API and
// nothing else: no request ids, metrics, logs, peer address or shutdown), loaded
// the way bench/serve-variant.ts loads ours. Ours against this one is what our
// server's own work costs a page load; both against `next start` show what a
// custom server and the TypeScript loader cost.
import { createServer } from "node:http";
import next from "next";

const port = Number(process.env.PORT);
const server = createServer();
const app = next({ dev: false, dir: process.cwd(), hostname: "127.0.0.1", port, httpServer: server });
await app.prepare();
const handle = app.getRequestHandler();
server.on("request", (req, res) => handle(req, res));
server.listen(port, "127.0.0.1");
