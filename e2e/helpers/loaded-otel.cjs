// Preloaded (node --require) into a server that e2e/traces.spec.ts starts: when the
// process exits it writes the @opentelemetry packages in Node's module cache to
// LOADED_OTEL_REPORT. The SDK is loaded with require() from Next's server bundle
// (serverExternalPackages), so that cache is where it shows.
const { writeFileSync } = require("node:fs");
const Module = require("node:module");

process.once("exit", () => {
  const names = new Set();
  for (const file of Object.keys(Module._cache)) {
    const match = /node_modules[\\/](@opentelemetry[\\/][^\\/]+)/.exec(file);
    if (match) names.add(match[1].replace("\\", "/"));
  }
  if (process.env.LOADED_OTEL_REPORT)
    writeFileSync(process.env.LOADED_OTEL_REPORT, JSON.stringify([...names]));
});
