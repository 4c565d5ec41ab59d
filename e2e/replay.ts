// Sends a request the browser made once more, by hand, with some headers
// replaced: how a forger would post a form (forged Host, Origin, proxy headers).
import { request as httpRequest } from "node:http";
import type { Request } from "@playwright/test";

/**
 * Replays `captured` to 127.0.0.1:`port` with `overrides`, and `body` in place of its
 * own if given; resolves to the status code, body and the cookies it set (name=value).
 */
export async function replay(
  captured: Request,
  port: string | number,
  overrides: Record<string, string>,
  replacedBody?: Buffer,
) {
  const sent = await captured.allHeaders();
  const body = replacedBody ?? captured.postDataBuffer() ?? Buffer.alloc(0);
  const url = new URL(captured.url());
  return new Promise<{ status: number; body: string; cookies: string[] }>((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port: Number(port),
        path: url.pathname + url.search,
        method: captured.method(),
        // Uncompressed, so the answer can be read.
        headers: { ...sent, ...overrides, "accept-encoding": "identity", "content-length": body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString("utf8"),
            cookies: (res.headers["set-cookie"] ?? []).map((c) => c.split(";")[0] as string),
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
