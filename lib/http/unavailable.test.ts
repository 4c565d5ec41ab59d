import { describe, expect, it } from "vitest";
import { RETRY_AFTER_SECONDS } from "@/lib/ui/unavailable";
import { unavailableHtml, withOutageAnswer } from "./unavailable";

const refused = () =>
  Promise.reject(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));

describe("withOutageAnswer", () => {
  it("passes the request through and the handler's answer back", async () => {
    const handler = withOutageAnswer(async (req: Request) => new Response(new URL(req.url).pathname));
    expect(await (await handler(new Request("http://127.0.0.1/api/x"))).text()).toBe("/api/x");
  });

  it("answers an outage with 503, Retry-After and words a script can act on", async () => {
    const res = await withOutageAnswer(refused)();
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe(String(RETRY_AFTER_SECONDS));
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({ error: "The service is briefly unavailable. Try again in a minute." });
  });

  it("answers a browser's route with the page it is given", async () => {
    const res = await withOutageAnswer(refused, unavailableHtml)();
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("retry-after")).toBe(String(RETRY_AFTER_SECONDS));
  });

  it("throws anything else on, to be a 500", async () => {
    const bug = new TypeError("not an outage");
    await expect(withOutageAnswer(() => Promise.reject(bug))()).rejects.toBe(bug);
  });
});
