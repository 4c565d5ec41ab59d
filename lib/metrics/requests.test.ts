// Request durations are labelled by the build's route patterns, never by the
// raw path: a real server timing real requests, with a route table in the
// format `next build` writes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { metrics } from "./registry";
import { requestTimer } from "./requests";

const ROUTES = {
  staticRoutes: [
    { page: "/", regex: "^/(?:/)?$" },
    { page: "/api/v1/sessions", regex: "^/api/v1/sessions(?:/)?$" },
  ],
  dynamicRoutes: [{ page: "/api/v1/sessions/[id]", regex: "^/api/v1/sessions/([^/]+?)(?:/)?$" }],
};

it("times each request under its route pattern, method and status; paths outside the table are one label", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "metrics-routes-"));
  mkdirSync(path.join(dir, ".next"));
  writeFileSync(path.join(dir, ".next/routes-manifest.json"), JSON.stringify(ROUTES));
  const timeRequest = requestTimer(dir);
  const server = createServer((req, res) => {
    timeRequest(req, res);
    res.statusCode = req.url?.startsWith("/api/v1/sessions") ? 200 : 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    for (const p of [
      "/api/v1/sessions/ckabc123?x=1",
      "/api/v1/sessions/ckdef456",
      "/api/v1/sessions",
      "/wp-login.php",
      "/u-someone@example.com",
      "/_next/static/chunks/app.js",
      "/_next/anything-a-client-makes-up",
    ])
      await (await fetch(base + p, { method: p === "/api/v1/sessions" ? "POST" : "GET" })).arrayBuffer();
    await fetch(base, { method: "PROPFIND" });
  } finally {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
  const { values } = await metrics().requestDuration.get();
  const counts = values
    .filter((v) => v.metricName === "hybrid_auth_http_request_duration_seconds_count")
    .map((v) => `${v.labels.method} ${v.labels.route} ${v.labels.status} ${v.value}`);
  expect(counts.sort()).toEqual(
    [
      "GET /api/v1/sessions/[id] 200 2",
      "POST /api/v1/sessions 200 1",
      "GET other 404 3",
      "GET /_next/static 404 1",
      "other / 404 1",
    ].sort(),
  );
});
