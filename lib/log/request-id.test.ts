// A request id from the client is kept only when it is a short plain token;
// anything else is replaced, and the response and Next see the id that is logged.
import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { requestIdFor, stampRequestId } from "./request-id";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("request ids", () => {
  it("keeps a short token of letters, digits, dot, dash and underscore", () => {
    for (const id of ["abc", "lb-7f3a.1_Z", "x".repeat(64)]) expect(requestIdFor(id)).toBe(id);
  });

  it("replaces anything else with a new random id", () => {
    const unsafe = ["", "x".repeat(65), "a b", 'a"b', "a\nb", "<script>", "ä", "a/b", "a,b"];
    for (const id of [...unsafe, undefined, ["a", "b"]]) expect(requestIdFor(id)).toMatch(UUID);
    expect(requestIdFor(undefined)).not.toBe(requestIdFor(undefined));
  });

  it("puts the id on the response and in place of the client's header", () => {
    const req = new IncomingMessage(new Socket());
    req.headers = { "x-request-id": "not safe!" };
    const res = new ServerResponse(req);
    const id = stampRequestId(req, res);
    expect(id).toMatch(UUID);
    expect(res.getHeader("x-request-id")).toBe(id);
    expect(req.headers["x-request-id"]).toBe(id);
  });
});
