// JSON-RPC 2.0 over stdin/stdout, one message per line, the way the Prisma CLI
// talks to its schema engine. Requests are handled one at a time in arrival
// order (the CLI never pipelines and the engine is not re-entrant). The engine
// side can also call the CLI: the CLI answers a `print` request by writing its
// `content` to its own stdout, which is how `migrate diff` output reaches it.
import { appendFileSync } from "node:fs";
import readline from "node:readline";

/** SCHEMA_ENGINE_TRACE=<file> records every message both ways, for debugging. */
export function trace(direction, text) {
  const file = process.env.SCHEMA_ENGINE_TRACE;
  if (file) appendFileSync(file, `${direction} ${text}\n`);
}

function send(message) {
  const line = JSON.stringify(message);
  trace("<-", line);
  process.stdout.write(`${line}\n`);
}

/** The error shape the CLI expects: it prints `data.message`, prefixed by `data.error_code`. */
export function rpcError(id, err) {
  const message = String(err?.message ?? err);
  const code = typeof err?.code === "string" && /^P\d{4}$/.test(err.code) ? err.code : null;
  return {
    jsonrpc: "2.0",
    id,
    error: {
      code: 4466,
      message: "An error happened. Check the data field for details.",
      data: { is_panic: false, message, meta: null, error_code: code },
    },
  };
}

/**
 * @param {(method: string, params: any, client: { print(content: string): Promise<void> }) => Promise<any>} handle
 * @param {() => Promise<void>} onClose called once stdin ends and the last request is answered
 */
export function serve(handle, onClose) {
  const pending = new Map(); // our requests to the CLI, by id
  let nextId = 1;
  const client = {
    print(content) {
      const id = `print-${nextId++}`;
      const answered = new Promise((resolve) => pending.set(id, resolve));
      send({ jsonrpc: "2.0", id, method: "print", params: { content } });
      return answered;
    },
  };

  let queue = Promise.resolve();
  const input = readline.createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  input.on("line", (line) => {
    if (!line.trim()) return;
    trace("->", line);
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      send({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } });
      return;
    }
    if (message.method === undefined) {
      // The CLI's answer to one of our requests.
      pending.get(message.id)?.();
      pending.delete(message.id);
      return;
    }
    queue = queue.then(async () => {
      try {
        send({
          jsonrpc: "2.0",
          id: message.id,
          result: (await handle(message.method, message.params, client)) ?? null,
        });
      } catch (err) {
        trace("!!", String(err?.stack ?? err));
        send(rpcError(message.id, err));
      }
    });
  });
  input.on("close", () => {
    for (const resolve of pending.values()) resolve();
    queue = queue.then(onClose);
  });
}
