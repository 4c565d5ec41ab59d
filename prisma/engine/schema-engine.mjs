#!/usr/bin/env node
// Stand-in for Prisma's native schema engine, which the CLI downloads on first
// use (impossible offline). prisma.config.ts points PRISMA_SCHEMA_ENGINE_BINARY
// here, and the stock CLI starts it exactly as it starts the native binary:
//
//   schema-engine --version
//   schema-engine --datasource '{"url":…}' cli can-connect-to-database | create-database | drop-database
//   schema-engine --datamodels <file> [--datamodels <file>…] --datasource '{"url":…}'
//       (then JSON-RPC 2.0 on stdin/stdout: see rpc.mjs and methods.mjs)
//
// The work is done by Prisma's WebAssembly build of the same engine
// (@prisma/schema-engine-wasm) through the driver adapters (adapters.mjs).
// Logs go to stderr as JSON lines, which is where the CLI looks for them.
import { readFileSync } from "node:fs";
import { canConnect, createDatabase, dropDatabase } from "./database.mjs";
import { trace } from "./rpc.mjs";

function parseArgs(argv) {
  const args = { datamodels: [], datasource: {}, command: null, version: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--datamodels") {
      while (argv[i + 1] !== undefined && !argv[i + 1].startsWith("--") && argv[i + 1] !== "cli") {
        args.datamodels.push(argv[++i]);
      }
    } else if (arg === "--datasource") args.datasource = JSON.parse(argv[++i] ?? "{}");
    else if (arg === "cli") args.command = argv[++i];
    else if (arg === "--version" || arg === "-V") args.version = true;
    // --enabled-preview-features and --extension-types take a value we have no use for.
    else if (arg.startsWith("--")) i++;
  }
  return args;
}

/**
 * `cli` subcommands report failure the native way: exit 1 with a JSON log line on
 * stderr that carries the error code. The CLI skips the first stderr line.
 */
async function runCommand(command, url) {
  try {
    if (command === "can-connect-to-database") await canConnect(url);
    else if (command === "create-database") await createDatabase(url);
    else if (command === "drop-database") await dropDatabase(url);
    else throw new Error(`unknown command ${command}`);
  } catch (err) {
    const fields = { message: String(err?.message ?? err), error_code: err?.code ?? "P1000" };
    const line = { level: "ERROR", target: "schema_engine::logger", fields };
    process.stderr.write(`schema-engine stand-in: ${command} failed\n${JSON.stringify(line)}\n`);
    process.exit(1);
  }
}

async function runServer({ datamodels, datasource }) {
  const [{ loadSchemaEngine }, adapters, { methods }, { serve }] = await Promise.all([
    import("./wasm.mjs"),
    import("./adapters.mjs"),
    import("./methods.mjs"),
    import("./rpc.mjs"),
  ]);
  const SchemaEngine = await loadSchemaEngine();
  const files = datamodels.map((file) => [file, readFileSync(file, "utf8")]);
  const log = (line) => process.stderr.write(`${typeof line === "string" ? line : JSON.stringify(line)}\n`);

  /** A wasm engine on `source`'s database, and how to explain the driver errors it reports. */
  async function openEngine(source, options) {
    const factory = adapters.adapterFactory(source, options);
    const explain = (err) => adapters.withDriverMessage(err, factory);
    const engine = await SchemaEngine.new(
      { datamodels: files.length ? files : undefined },
      log,
      factory,
    ).catch((err) => Promise.reject(explain(err)));
    return { engine, explain };
  }

  let closing;
  const shutDown = () => {
    closing ??= adapters.closeConnections().finally(() => process.exit(0));
    return closing;
  };
  // On Linux the CLI kills the engine (SIGTERM) right after closing its stdin.
  process.once("SIGTERM", shutDown);
  serve(methods(datasource, openEngine), shutDown);
}

const args = parseArgs(process.argv.slice(2));
trace("argv", JSON.stringify(process.argv.slice(2)));
if (args.version) {
  const { engineVersion } = await import("./wasm.mjs");
  process.stdout.write(`schema-engine-cli ${await engineVersion()} (wasm stand-in)\n`);
} else if (args.command) {
  await runCommand(args.command, args.datasource.url);
} else {
  await runServer(args);
}
