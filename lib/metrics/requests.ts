// Request durations as our server (lib/server/serve.ts) sees them, labelled by
// the route pattern the path matches ("/api/v1/sessions/[id]"), never the path
// itself: a path carries ids and whatever a scanner sends, and every distinct
// label value would be a series of its own for the life of the process.
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { metrics } from "./registry";

type Route = { page: string; regex: string };
type Pattern = { page: string; test: RegExp };

/**
 * The build's own route table (what Next matches requests against), read once
 * at the first request. Without a production build (`next dev` alone) there is
 * none, and every request is "other".
 */
function routeTable(dir: string): Pattern[] {
  try {
    const manifest = JSON.parse(readFileSync(path.join(dir, ".next/routes-manifest.json"), "utf8")) as {
      staticRoutes?: Route[];
      dynamicRoutes?: Route[];
    };
    // Static routes first: "/api/v1/sessions" must not be taken for a dynamic sibling.
    return [...(manifest.staticRoutes ?? []), ...(manifest.dynamicRoutes ?? [])].map((r) => ({
      page: r.page,
      test: new RegExp(r.regex),
    }));
  } catch {
    return [];
  }
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const NEXT_FILES = ["/_next/static/", "/_next/image", "/_next/data/"];

/** The pattern `pathname` matches, Next's own files by their folder, anything else "other". */
export function routePattern(pathname: string, table: Pattern[]): string {
  const files = NEXT_FILES.find((prefix) => pathname.startsWith(prefix));
  if (files) return files.replace(/\/$/, "");
  return table.find((r) => r.test.test(pathname))?.page ?? "other";
}

/** For our server: returns the function it calls once per request, as the request arrives. */
export function requestTimer(dir: string): (req: IncomingMessage, res: ServerResponse) => void {
  let table: Pattern[] | undefined;
  return (req, res) => {
    const started = performance.now();
    res.once("finish", () => {
      table ??= routeTable(dir);
      const pathname = (req.url ?? "/").split("?", 1)[0] as string;
      metrics().requestDuration.observe(
        {
          route: routePattern(pathname, table),
          method: METHODS.has(req.method ?? "") ? (req.method as string) : "other",
          status: String(res.statusCode),
        },
        (performance.now() - started) / 1000,
      );
    });
  };
}
