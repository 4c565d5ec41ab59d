// Loads @prisma/schema-engine-wasm in plain Node. Its entry point imports the
// .wasm file as an ES module (a bundler feature Node 20 lacks), so instantiate
// the binary here and hand it to the package's own JS glue.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

let loaded;

async function load() {
  const glueUrl = import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const glue = await import(glueUrl);
  const bytes = await readFile(fileURLToPath(glueUrl.replace(/\.js$/, ".wasm")));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return glue;
}

/** The SchemaEngine class: `SchemaEngine.new({ datamodels }, log, boundAdapterFactory)`. */
export async function loadSchemaEngine() {
  loaded ??= load();
  return (await loaded).SchemaEngine;
}

/** The prisma-engines commit the wasm build comes from (what the native binary reports). */
export async function engineVersion() {
  loaded ??= load();
  return (await loaded).version();
}
