// What a log line is, written through the real destinations (stdout and a file,
// as the e2e server has them) and read back from the file: one JSON object per
// line, the request id of the request it was written in, and no secret, stack or
// later error line in it, whatever a caller passes.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runWithRequestState } from "@/lib/runtime/request-state";
import { logAlsoToFile, logger } from "./logger";

const dir = mkdtempSync(path.join(tmpdir(), "hybrid-auth-log-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The lines written by `body` through a fresh logger at `level`, parsed. */
function linesOf(body: () => void, level?: string): Record<string, unknown>[] {
  const file = path.join(dir, `${Math.random()}.log`);
  const before = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = level ?? "";
  try {
    logAlsoToFile(file);
  } finally {
    process.env.LOG_LEVEL = before;
  }
  body();
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

describe("the logger", () => {
  it("writes one JSON line per event: level by name, ISO time, the event's fields and a message", () => {
    const [line, ...rest] = linesOf(() =>
      logger().info(
        { event: "retention.swept", removed: { Session: 2 } },
        "retention sweep removed expired rows",
      ),
    );
    expect(rest).toEqual([]);
    expect(line).toMatchObject({
      level: "info",
      event: "retention.swept",
      removed: { Session: 2 },
      msg: "retention sweep removed expired rows",
    });
    expect(line?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("puts the request id on lines written during a request, and none outside one", async () => {
    const lines = linesOf(() => {
      logger().info({ event: "outside" });
      runWithRequestState({ databaseUnavailable: false, requestId: "req-1" }, () =>
        logger().warn({ event: "inside" }),
      );
    });
    expect(lines[0]).not.toHaveProperty("requestId");
    expect(lines[1]).toMatchObject({ event: "inside", requestId: "req-1" });
  });

  it("censors headers and fields that hold secrets, at the top and one level down", () => {
    const secrets = ["hunter2-password", "opaque-session-token", "Bearer abc.def", "sid=cookie", "tok-2"];
    const [line] = linesOf(() =>
      logger().info({
        event: "careless",
        password: secrets[0],
        headers: { cookie: secrets[3], "set-cookie": [secrets[3]], "user-agent": "curl" },
        req: { headers: { authorization: secrets[2] } },
        session: { sessionToken: secrets[1] },
        client: { token: secrets[4], secret: "s3cr3t-value" },
      }),
    );
    const text = JSON.stringify(line);
    for (const secret of [...secrets, "s3cr3t-value"]) expect(text).not.toContain(secret);
    expect(line).toMatchObject({ password: "[redacted]", headers: { "user-agent": "curl" } });
  });

  it("writes an error as its name and first line: no stack, no later lines", () => {
    const err = new TypeError("could not reach the feed\n    at secretDetail (token=abc)");
    const [line] = linesOf(() => logger().error({ event: "x.failed", err }, "x failed"));
    expect(line?.err).toEqual({ name: "TypeError", message: "could not reach the feed" });
    expect(JSON.stringify(line)).not.toContain("token=abc");
  });

  it("writes nothing below LOG_LEVEL", () => {
    const lines = linesOf(() => {
      logger().info({ event: "chatter" });
      logger().warn({ event: "worth.knowing" });
    }, "warn");
    expect(lines.map((l) => l.event)).toEqual(["worth.knowing"]);
    expect(linesOf(() => logger().fatal({ event: "x" }), "silent")).toEqual([]);
  });
});
