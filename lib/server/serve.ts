// Our HTTP server around Next (Next's custom-server API): it binds where it is
// told instead of every interface, hands the app the TCP peer's address, and
// turns away plain sign-in posts while hashing is saturated; it gives every
// request an id (X-Request-Id) that the log lines written for it carry; it
// turns a request's 500 into a 503 with Retry-After when the database could not
// be reached, and shuts down gracefully on SIGTERM/SIGINT. Used by `npm start`, `npm run dev`,
// the e2e server and the balanced (HAProxy) test. With HTTPS_CERT and HTTPS_KEY it
// serves https (device-bound sessions need it); plain http otherwise.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { closeHashPool, hashingBusy } from "@/lib/auth/hash-pool";
import { config } from "@/lib/config/env";
import { logger } from "@/lib/log/logger";
import { stampRequestId } from "@/lib/log/request-id";
import { SELF_ORIGIN_VAR } from "@/lib/mail/links";
import { MAIL_MODE_VAR, mailMode } from "@/lib/mail/mode";
import { requestTimer } from "@/lib/metrics/requests";
import { beginShutdown, requestsInFlight, trackRequest } from "@/lib/runtime/lifecycle";
import { type ListenAddress, selfOrigin, urlHost } from "@/lib/runtime/listen-address";
import { installPeerAddressHeader, stampPeerAddress } from "@/lib/runtime/peer-address";
import { type RequestState, runWithRequestState } from "@/lib/runtime/request-state";
import { shutdownTracing } from "@/lib/telemetry/shutdown";
import { RETRY_AFTER_SECONDS } from "@/lib/ui/unavailable";
import { refuseWhenBusy } from "./door";
import { tlsFiles } from "./tls-files";

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * Node closes an idle keep-alive connection after 5 s. A client or proxy that
 * sends on it just then gets a reset (a 502 from a load balancer, ECONNRESET in
 * a script), so the app waits longer than they keep idle connections (60 s for
 * most balancers) and says so in `Keep-Alive: timeout=65`.
 */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

function listen(server: Server, { address, port }: ListenAddress): Promise<number> {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // A request's headers may take as long as an idle connection may wait for them.
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, address, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Next has no way to answer 503 from a page: an error in rendering is a 500. When
 * the database classifier marked this request (lib/db/unavailable.ts), the 500 is
 * an outage, so the head goes out as 503 with Retry-After instead. Node writes
 * every head through writeHead, also the implicit one of a first write. The head
 * also gets the headers the app asked for (lib/runtime/request-state.ts).
 */
function finishHead(res: ServerResponse, state: RequestState): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
    for (const [name, value] of Object.entries(state.extraHeaders ?? {})) this.setHeader(name, value);
    if (status === 500 && state.databaseUnavailable) {
      status = 503;
      this.statusCode = 503;
      // Drop a status message ("Internal Server Error") given with the 500.
      if (typeof rest[0] === "string") rest.shift();
      if (!this.hasHeader("retry-after")) this.setHeader("retry-after", String(RETRY_AFTER_SECONDS));
    }
    return (writeHead as (...args: unknown[]) => ServerResponse).call(this, status, ...rest);
  } as ServerResponse["writeHead"];
}

/** What a shutdown closes after the listener, in order; each loaded at start (see serve()). */
type ShutdownStep = [name: string, close: () => Promise<void>];

/**
 * SIGTERM/SIGINT: readiness turns 503 at once. For SHUTDOWN_DRAIN_SECONDS the
 * server goes on serving as before: a load balancer keeps sending requests until
 * its health check has seen readiness fail (check interval x fall), and a
 * connection refused before then would be a failed request for anything it will
 * not retry. Then the listener closes (new
 * connections are refused), requests in flight get SHUTDOWN_TIMEOUT_SECONDS to
 * finish (their connections close after the response), then Next, the mail
 * loop, the hashing threads and the database pool close, and the process exits 0.
 * A second signal exits at once with 1.
 */
function closeOnSignals(server: Server, steps: (cutOff: boolean) => ShutdownStep[], internal?: Server): void {
  let closing = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    beginShutdown();
    const timeoutMs = config().SHUTDOWN_TIMEOUT_SECONDS * 1000;
    const drainMs = config().SHUTDOWN_DRAIN_SECONDS * 1000;
    if (drainMs > 0) {
      logger().info(
        { event: "server.draining", signal, drainSeconds: drainMs / 1000 },
        `${signal}: readiness fails now; serving ${drainMs / 1000} s more before closing the listener`,
      );
      await new Promise((resolve) => setTimeout(resolve, drainMs));
    }
    const inFlight = requestsInFlight();
    logger().info(
      { event: "server.shutting_down", signal, inFlight, timeoutSeconds: timeoutMs / 1000 },
      `${signal}: shutting down, ${inFlight} in flight (waiting up to ${timeoutMs / 1000} s)`,
    );
    const servers = internal ? [server, internal] : [server];
    const drained = Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    for (const s of servers) s.closeIdleConnections();
    let cutOff = false;
    const timer = setTimeout(() => {
      cutOff = true;
      const inFlight = requestsInFlight();
      logger().warn(
        { event: "server.shutdown_cut_off", inFlight, timeoutSeconds: timeoutMs / 1000 },
        `Shutdown: ${inFlight} still in flight after ${timeoutMs / 1000} s, closing them`,
      );
      for (const s of servers) s.closeAllConnections();
    }, timeoutMs);
    await drained;
    clearTimeout(timer);
    for (const [name, step] of steps(cutOff)) {
      await step().catch((err: unknown) =>
        logger().error(
          { event: "server.shutdown_step_failed", step: name, err },
          `Shutdown: closing ${name} failed`,
        ),
      );
    }
    logger().info({ event: "server.stopped" }, "Shutdown complete");
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

/** Binds first (a taken port fails at once), then loads Next; requests that arrive meanwhile wait for it. */
export async function serve({
  dir,
  dev,
  at,
}: {
  dir: string;
  dev: boolean;
  at: ListenAddress;
}): Promise<string> {
  // From the NODE_ENV the operator gave, before serving sets it; refuses a setup without a way to send mail.
  const mail = mailMode(at);
  const peerHeader = installPeerAddressHeader();
  let ready!: (handle: Handler) => void;
  const handler = new Promise<Handler>((resolve) => {
    ready = resolve;
  });
  const tls = tlsFiles();
  const timeRequest = requestTimer(dir);
  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const requestId = stampRequestId(req, res);
    trackRequest(res);
    timeRequest(req, res);
    // Over our own TLS the request is https, whatever a client claims; lib/edge/cookies.ts reads this.
    if ((req.socket as TLSSocket).encrypted) req.headers["x-forwarded-proto"] = "https";
    // During a shutdown a kept-alive connection would hold the process open: close it once it is idle.
    if (!server.listening) res.setHeader("connection", "close");
    res.once("finish", () => {
      if (!server.listening) setImmediate(() => server.closeIdleConnections());
    });
    stampPeerAddress(req, peerHeader);
    if (refuseWhenBusy(req, res, hashingBusy)) return;
    const state: RequestState = { databaseUnavailable: false, requestId };
    finishHead(res, state);
    try {
      await runWithRequestState(state, async () => (await handler)(req, res));
    } catch (err) {
      // Next answers its own errors; this is only for one that escapes it. No details to the client.
      // Outside the request state by now: the id goes on the line by hand.
      logger().error(
        { event: "request.failed", requestId, err },
        "a request failed outside Next's error handling",
      );
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end("Something went wrong.");
    }
  };
  const server: Server = tls ? createHttpsServer(tls, onRequest) : createServer(onRequest);
  const port = await listen(server, at);
  // Our own fetches (the revocation feed, a redirecting server action's page) cannot
  // check a self-signed certificate: on https they go to a plain listener on loopback.
  const internal = tls ? createServer(onRequest) : undefined;
  const internalPort =
    internal && (await listen(internal, { address: "127.0.0.1", port: 0, loopbackOnly: true }));

  const self = selfOrigin(at.address, port);
  const ownFetches = internalPort ? selfOrigin("127.0.0.1", internalPort) : self;
  // Middleware polls the revocation feed here; never at an origin a request names.
  process.env.REVOCATION_FEED_ORIGIN ??= ownFetches;
  // What `next start` sets: Next fetches its own pages from here (a server action
  // that redirects), instead of from the request's Host header.
  process.env.__NEXT_PRIVATE_ORIGIN = ownFetches;
  // Links in mail point here unless AUTH_URL says otherwise; always overwritten, like the mail mode.
  process.env[SELF_ORIGIN_VAR] = tls ? self.replace(/^http:/, "https:") : self;
  process.env[MAIL_MODE_VAR] = mail;
  // Admin MFA is on unless the operator says otherwise, or this is a loopback demo
  // (the seeded demo admin has no second factor); decided from the operator's NODE_ENV.
  process.env.REQUIRE_ADMIN_MFA ??=
    at.loopbackOnly && process.env.NODE_ENV !== "production" ? "false" : "true";
  process.env.PORT = String(port);
  // React and Next pick their production builds from this, as under `next start`.
  Object.assign(process.env, { NODE_ENV: dev ? "development" : "production" });

  const { default: next } = await import("next");
  const app = next({ dev, dir, hostname: at.address, port, httpServer: server });
  await app.prepare();
  ready(app.getRequestHandler());
  // Everything the shutdown calls is loaded now, not when the signal comes: a
  // supervisor that signals the whole process group (systemd's default) also stops
  // the TypeScript loader's compiler, and a module first imported then fails to load.
  // The mail loop and the database client load only now: they open the database DATABASE_URL names.
  const mailLoop = mail === "smtp" ? await import("@/lib/mail/background") : undefined;
  mailLoop?.startMailLoop();
  const retention = await import("@/lib/retention/schedule");
  retention.startRetentionLoop();
  const { disconnectDatabase } = await import("@/lib/db/client");
  closeOnSignals(
    server,
    (cutOff) => [
      ["next", () => app.close()],
      ["mail loop", async () => mailLoop?.stopMailLoop()],
      ["retention sweep", async () => retention.stopRetentionLoop()],
      // Past the bound nobody waits for a hash any more: stop the threads instead of finishing the queue.
      ["hashing threads", () => closeHashPool({ now: cutOff })],
      // The spans of the last requests (and of these steps' hashes and mail) still batched.
      ["traces", shutdownTracing],
      ["database", disconnectDatabase],
    ],
    internal,
  );
  return `${tls ? "https" : "http"}://${urlHost(at.address, port)}`;
}
