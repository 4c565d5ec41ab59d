import type { NextConfig } from "next";
import { ensureLocalSecret } from "./lib/config/local-secret";

// `next dev` without AUTH_SECRET: generate one into an ignored file and reuse it.
if (process.env.NODE_ENV !== "production") ensureLocalSecret();

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Piscina starts its workers from files next to its own code: it must stay a plain package.
  // The OpenTelemetry SDK stays plain packages too: loaded from node_modules only when
  // tracing starts (instrumentation.ts), and one @opentelemetry/api for Next, our
  // bundle and our server's own code, so all see the provider registered.
  serverExternalPackages: [
    "piscina",
    "@opentelemetry/api",
    "@opentelemetry/context-async-hooks",
    "@opentelemetry/core",
    "@opentelemetry/exporter-trace-otlp-http",
    "@opentelemetry/resources",
    "@opentelemetry/sdk-trace",
  ],
  experimental: {
    authInterrupts: true,
    serverActions: {
      // Behind a proxy that rewrites Host, list the public origins here (comma-separated).
      allowedOrigins: process.env.SERVER_ACTIONS_ALLOWED_ORIGINS?.split(",")
        .map((o) => o.trim())
        .filter(Boolean),
    },
  },
};

export default nextConfig;
