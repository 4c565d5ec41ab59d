import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { FEED_KEY_HEADER, FEED_PATH, feedKey, revocationSet } from "@/lib/edge/revocations";
import { newSessionToken } from "@/lib/sessions/token";
import { createUser, testClient } from "@/lib/testing/factories";
import { CUTOFF_ID, nextWholeSecond } from "./end-all";
import { answerFeedRequest, FEED_PAGE_SIZE, isFeedCaller, revokedAfter } from "./revocation-feed";
import { announceRevocation, stopRevocationListener } from "./revocation-signal";
import { endSessions, insertSession } from "./store";

/** A real HTTP server in front of the real feed code and database: what middleware polls. */
async function startFeedServer(): Promise<{ origin: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === "string") headers.set(name, value);
    const answer = await answerFeedRequest(new Request(`http://127.0.0.1${req.url}`, { headers }));
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** An address nothing listens on: a feed that is down. */
async function closedOrigin(): Promise<string> {
  const { origin, server } = await startFeedServer();
  await new Promise((resolve) => server.close(resolve));
  return origin;
}

let feed: { origin: string; server: Server };
let user: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  feed = await startFeedServer();
  user = await createUser();
});

afterAll(async () => {
  feed.server.closeAllConnections();
  await new Promise((resolve) => feed.server.close(resolve));
  await stopRevocationListener();
});

async function revokeNewSession(): Promise<string> {
  const s = await insertSession(db, { sessionToken: newSessionToken(), userId: user.id, client: testClient });
  await db.$transaction((tx) => endSessions(tx, [s], "revoked", { action: "session.revoked" }));
  return s.id;
}

describe("revocation feed route", () => {
  it("lists sessions revoked after the cursor, and nothing older than one edge TTL", async () => {
    const before = Date.now() - 1;
    const sid = await revokeNewSession();
    const page = await revokedAfter({ at: before, sid: "" });
    expect(page.revoked.map((r) => r.sid)).toContain(sid);
    const last = page.revoked.at(-1);
    expect(last).toBeDefined();
    expect((await revokedAfter({ at: last!.at, sid: last!.sid })).revoked.map((r) => r.sid)).not.toContain(
      sid,
    );

    await db.revokedSession.create({
      data: {
        sessionId: "ancient",
        userId: user.id,
        reason: "revoked",
        revokedAt: new Date(Date.now() - 3600_000),
      },
    });
    expect((await revokedAfter({ at: 0, sid: "" })).revoked.map((r) => r.sid)).not.toContain("ancient");
  });

  it("answers only callers that know AUTH_SECRET", async () => {
    expect(await isFeedCaller(await feedKey())).toBe(true);
    expect(await isFeedCaller(null)).toBe(false);
    expect(await isFeedCaller("guess")).toBe(false);
    expect(await isFeedCaller(await feedKey("another-secret-0123456789abcdef0123456789"))).toBe(false);
    expect((await fetch(`${feed.origin}${FEED_PATH}`)).status).toBe(404);
  });

  it("refuses a malformed cursor", async () => {
    const res = await fetch(`${feed.origin}${FEED_PATH}?after=soon`, {
      headers: { [FEED_KEY_HEADER]: await feedKey() },
    });
    expect(res.status).toBe(400);
  });
});

describe("the edge's revocation set", () => {
  it("learns every revocation, however many fall within one edge-token TTL", async () => {
    const total = 2 * FEED_PAGE_SIZE + 2000;
    const at = new Date(Date.now() - 2000);
    await db.revokedSession.create({
      data: { sessionId: "bulk-time", userId: user.id, reason: "revoked", revokedAt: at },
    });
    // One statement (createMany takes seconds for this many), every row at the very
    // same millisecond as the row above, so pages must split rows that share a time.
    await db.$executeRaw`INSERT INTO "RevokedSession" ("sessionId", "userId", "revokedAt", "reason")
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${total})
      SELECT 'bulk-' || CAST(i AS TEXT), ${user.id},
             (SELECT "revokedAt" FROM "RevokedSession" WHERE "sessionId" = 'bulk-time'), 'revoked'
      FROM n`;
    try {
      const set = revocationSet({ origin: () => feed.origin, push: false });
      await (await set.refresh()).pass;
      expect(set.isFresh()).toBe(true);
      const missing = Array.from({ length: total }, (_, i) => `bulk-${i + 1}`).filter(
        (sid) => !set.isRevoked(sid),
      );
      expect(missing).toHaveLength(0);
    } finally {
      await db.revokedSession.deleteMany({ where: { sessionId: { startsWith: "bulk-" } } });
    }
  });

  it("still learns a revocation that commits after later ones were read (it carries an earlier time)", async () => {
    let offset = 0;
    const set = revocationSet({ origin: () => feed.origin, clock: () => Date.now() + offset, push: false });
    const early = await revokeNewSession();
    await (await set.refresh()).pass;
    expect(set.isRevoked(early)).toBe(true);
    await revokeNewSession();
    const late = `late-${randomUUID()}`;
    await db.revokedSession.create({
      data: { sessionId: late, userId: user.id, reason: "revoked", revokedAt: new Date(Date.now() - 2000) },
    });
    offset += 1100; // the next refresh is due
    await (await set.refresh()).pass;
    expect(set.isRevoked(late)).toBe(true);
  });
});

describe("the edge and 'end every session'", () => {
  it("learns the cutoff from the feed and refuses tokens issued before it, but the kept session's", async () => {
    const notBefore = nextWholeSecond();
    // One row at most, and another file's may be there (the files share one database).
    await db.sessionCutoff.deleteMany();
    await db.sessionCutoff.create({ data: { id: CUTOFF_ID, notBefore, keepSessionId: "kept" } });
    try {
      expect((await revokedAfter({ at: 0, sid: "" })).notBefore).toEqual({
        at: notBefore.getTime(),
        keep: "kept",
      });
      const set = revocationSet({ origin: () => feed.origin, push: false });
      expect(set.isCutOff({ sid: "someone", iat: notBefore.getTime() / 1000 - 1 })).toBe(false);
      await (await set.refresh()).pass;
      const second = notBefore.getTime() / 1000;
      expect(set.isCutOff({ sid: "someone", iat: second - 1 })).toBe(true);
      expect(set.isCutOff({ sid: "kept", iat: second - 1 })).toBe(false);
      // Issued at (or after) the cutoff's second: a sign-in after it.
      expect(set.isCutOff({ sid: "someone", iat: second })).toBe(false);
    } finally {
      await db.sessionCutoff.deleteMany();
    }
  });
});

describe("the edge's revocation set when the feed is silent", () => {
  it("is stale until the feed first answers, fresh while it answers, stale again once it stops", async () => {
    let offset = 0;
    let origin = await closedOrigin();
    const lines: string[] = [];
    const set = revocationSet({
      origin: () => origin,
      staleAfterMs: 5000,
      clock: () => Date.now() + offset,
      push: false,
      report: (line) => lines.push(line),
    });
    expect(set.isFresh()).toBe(false);
    await (await set.refresh()).pass;
    expect(set.isFresh()).toBe(false);

    origin = feed.origin;
    offset += 1100;
    // A stale set makes the request wait for the refresh, so it answers from a current set.
    await set.refresh(10_000);
    expect(set.isFresh()).toBe(true);

    origin = await closedOrigin();
    offset += 4000;
    await (await set.refresh()).pass;
    expect(set.isFresh()).toBe(true); // silent for 4 s: still within the bound
    offset += 1100;
    await (await set.refresh()).pass;
    expect(set.isFresh()).toBe(false);
  });

  it("never holds a request longer than the stale wait, and gives up a pass whose fetch never settles", async () => {
    let hang = true;
    const lines: string[] = [];
    const set = revocationSet({
      origin: () => feed.origin,
      push: false,
      report: (line) => lines.push(line),
      // As seen on a fresh instance under load: a fetch whose abort never fired.
      fetch: (input, init) => (hang ? new Promise<Response>(() => {}) : fetch(input, init)),
    });
    const { pass } = await set.refresh(50);
    // The request went on while the pass still hangs: nothing given up or reported yet.
    expect(pass).toBeDefined();
    expect(lines).toEqual([]);
    expect(set.isFresh()).toBe(false);

    await pass;
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("no answer within 2500 ms (waiting for the feed)");
    // The next refresh starts a new pass, and the set is current again.
    hang = false;
    await (await set.refresh()).pass;
    expect(set.isFresh()).toBe(true);
  });

  it("reports failures at most one line per 30 s, with a count and nothing secret", async () => {
    let offset = 0;
    const origin = await closedOrigin();
    const lines: string[] = [];
    const set = revocationSet({
      origin: () => origin,
      clock: () => Date.now() + offset,
      push: false,
      report: (l) => lines.push(l),
    });
    for (let i = 0; i < 4; i++) {
      await (await set.refresh()).pass;
      offset += 1100;
    }
    expect(lines).toHaveLength(1);
    offset += 30_000;
    await (await set.refresh()).pass;
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/4 failed refreshes/);
    const key = await feedKey();
    for (const line of lines) {
      expect(line).toContain(origin);
      expect(line).not.toContain(key);
      expect(line).not.toMatch(/\n|\s+at\s/);
    }
  });
});

describe("the edge's revocation set with push (a held feed request)", () => {
  it("learns a revocation as it commits, with no request driving a poll", async () => {
    // Held for up to 3 s (not the poll's 1 s), so learning it sooner shows the revocation woke it.
    const set = revocationSet({ origin: () => feed.origin, holdMs: 3000 });
    try {
      await (await set.refresh()).pass; // a plain pass; a held request follows it
      expect(set.isFresh()).toBe(true);
      const started = Date.now();
      const sid = await revokeNewSession();
      // Nobody calls refresh(): only the held request can bring it.
      await expect.poll(() => set.isRevoked(sid), { timeout: 10_000, interval: 10 }).toBe(true);
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      set.stopPushing();
    }
  });

  it("learns a row whose signal was lost when the held request times out (the cursor catches up)", async () => {
    const set = revocationSet({ origin: () => feed.origin });
    try {
      await (await set.refresh()).pass;
      const lost = `lost-${randomUUID()}`;
      // Written without announceRevocation: no signal at all.
      await db.revokedSession.create({
        data: { sessionId: lost, userId: user.id, reason: "revoked", revokedAt: new Date() },
      });
      await expect.poll(() => set.isRevoked(lost), { timeout: 10_000, interval: 50 }).toBe(true);
      expect(set.isFresh()).toBe(true);
    } finally {
      set.stopPushing();
    }
  });

  // Whether requests stall meanwhile is the benchmark's to measure: here the writer
  // shares the test's event loop with the feed, which no timing could separate.
  it("learns all of a burst of 100,000 revocations (20 commits), pushed, while requests keep coming", async () => {
    const total = 100_000;
    const perCommit = 5000;
    const set = revocationSet({ origin: () => feed.origin });
    let requesting = true;
    const requests = (async () => {
      while (requesting) {
        await set.refresh();
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    try {
      await (await set.refresh()).pass;
      for (let from = 0; from < total; from += perCommit)
        await db.$transaction(async (tx) => {
          // The time as Prisma stores it (its format differs between the databases): copied from one row.
          const anchor = `burst-at-${from}`;
          await tx.revokedSession.create({
            data: { sessionId: anchor, userId: user.id, reason: "revoked", revokedAt: new Date() },
          });
          await tx.$executeRaw`INSERT INTO "RevokedSession" ("sessionId", "userId", "revokedAt", "reason")
            WITH RECURSIVE n(i) AS (SELECT CAST(${from + 1} AS INTEGER) UNION ALL SELECT i + 1 FROM n WHERE i < ${from + perCommit})
            SELECT 'burst-' || CAST(i AS TEXT), ${user.id},
                   (SELECT "revokedAt" FROM "RevokedSession" WHERE "sessionId" = ${anchor}), 'revoked'
            FROM n`;
          await announceRevocation(tx);
        });
      const all = Array.from({ length: total }, (_, i) => `burst-${i + 1}`);
      await expect
        .poll(() => all.filter((sid) => !set.isRevoked(sid)).length, { timeout: 30_000, interval: 100 })
        .toBe(0);
      await expect.poll(() => set.isFresh(), { timeout: 10_000 }).toBe(true);
    } finally {
      requesting = false;
      await requests;
      set.stopPushing();
      await db.revokedSession.deleteMany({ where: { sessionId: { startsWith: "burst-" } } });
    }
  });
});
