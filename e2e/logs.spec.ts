// The request id end to end, against the e2e server and the log it writes
// (scripts/e2e-server.ts): kept when a client sends a plain one, replaced
// otherwise, and on the log lines of that request, which hold no cookie.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { SESSION_COOKIE } from "@/lib/edge/cookies";
import { E2E_SERVER_LOG } from "./env";
import { expect, test } from "./fixtures";

/** The log lines of one request (the file also holds Next's own plain output). */
function logLinesOf(requestId: string): Record<string, unknown>[] {
  return readFileSync(E2E_SERVER_LOG, "utf8")
    .split("\n")
    .filter((line) => line.startsWith("{") && line.includes(requestId))
    .map((line) => JSON.parse(line))
    .filter((line) => line.requestId === requestId);
}

test("a response carries the request id: the client's when it is a plain token, a new one otherwise", async ({
  request,
}) => {
  const plain = `e2e-${randomUUID()}`;
  expect((await request.get("/", { headers: { "x-request-id": plain } })).headers()["x-request-id"]).toBe(
    plain,
  );
  for (const sent of ["has spaces", "x".repeat(65), '"quoted"']) {
    const id = (await request.get("/", { headers: { "x-request-id": sent } })).headers()["x-request-id"];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  }
  const [a, b] = await Promise.all([request.get("/"), request.get("/")]);
  expect(a.headers()["x-request-id"]).not.toBe(b.headers()["x-request-id"]);
});

test("Auth.js's error is one line with the request's id, without a stack or the cookie it was sent", async ({
  request,
}) => {
  const requestId = `e2e-${randomUUID()}`;
  const cookie = `not-a-session-${randomUUID()}`;
  // A sign-out post without Auth.js's CSRF token: Auth.js refuses it and logs MissingCSRF.
  const res = await request.post("/api/auth/signout", {
    headers: { "x-request-id": requestId, cookie: `${SESSION_COOKIE}=${cookie}` },
    maxRedirects: 0,
  });
  expect(res.headers()["x-request-id"]).toBe(requestId);
  await expect.poll(() => logLinesOf(requestId).length).toBeGreaterThan(0);
  const [line] = logLinesOf(requestId);
  expect(line).toMatchObject({ level: "error", event: "authjs.error", type: "MissingCSRF" });
  expect(Object.keys(line?.err as object).sort()).toEqual(["message", "name"]);
  expect(readFileSync(E2E_SERVER_LOG, "utf8")).not.toContain(cookie);
});
