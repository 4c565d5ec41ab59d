// The counters move when the app's own paths run, against the run's real
// database and the real hashing pool, and the scrape shows them with no email,
// id or address in it.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashQueueSize } from "@/lib/auth/hash-pool";
import { hashPassword } from "@/lib/auth/password";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { openSession, signInWithPassword } from "@/lib/auth/sign-in";
import { db } from "@/lib/db/client";
import { checkDatabase } from "@/lib/health/checks";
import { drainOutbox } from "@/lib/mail/drain";
import { createMailTransport } from "@/lib/mail/transport";
import { revokeOwnSession } from "@/lib/sessions/revoke";
import { countActiveSessions } from "@/lib/sessions/store";
import { confirmIdentity } from "@/lib/step-up/confirm";
import { testClient } from "@/lib/testing/factories";
import { freePort } from "@/lib/testing/free-port";
import { IPV4, sample } from "@/lib/testing/metrics-text";
import { metricsResponse } from "./endpoint";

const TOKEN = "t".repeat(32);

async function scrape(): Promise<string> {
  const res = await metricsResponse(
    new Request("http://127.0.0.1/api/metrics", { headers: { authorization: `Bearer ${TOKEN}` } }),
    {
      databaseUp: async () => (await checkDatabase()).status === "pass",
      activeSessions: countActiveSessions,
      hashQueueDepth: hashQueueSize,
    },
    { token: TOKEN },
  );
  expect(res.status).toBe(200);
  return res.text();
}

/** Runs `body` and returns how much each sample moved meanwhile. */
async function moved(samples: [string, Record<string, string>?][], body: () => Promise<unknown>) {
  const before = await scrape();
  await body();
  const after = await scrape();
  return samples.map(([name, labels]) => sample(after, name, labels) - sample(before, name, labels));
}

const PASSWORD = "correct horse battery staple 42";

async function passwordUser() {
  const id = randomUUID().slice(0, 8);
  return db.user.create({
    data: { email: `metrics-${id}@example.com`, name: `M ${id}`, passwordHash: await hashPassword(PASSWORD) },
    select: { id: true, email: true, name: true, role: true, credentialsVersion: true },
  });
}

/** A client address of its own per test, so the per-IP limits never add up between tests. */
const client = (n: number) => ({ ...testClient, ip: `198.51.100.${n}` });

describe("metrics", () => {
  it("count a successful password sign-in and the session it made", async () => {
    const user = await passwordUser();
    const [signIns, active] = await moved(
      [
        ["hybrid_auth_sign_ins_total", { method: "password", outcome: "success" }],
        ["hybrid_auth_active_sessions"],
      ],
      () => openSession(user, client(1)),
    );
    expect(signIns).toBe(1);
    expect(active).toBe(1);
  });

  it("count a failed sign-in, and the wait of its password check on the hashing pool", async () => {
    const user = await passwordUser();
    const [failures, successes, hashes] = await moved(
      [
        ["hybrid_auth_sign_ins_total", { method: "password", outcome: "failure" }],
        ["hybrid_auth_sign_ins_total", { method: "password", outcome: "success" }],
        ["hybrid_auth_password_hash_wait_seconds_count"],
      ],
      async () => {
        expect((await signInWithPassword(user.email, "not the password", client(2))).ok).toBe(false);
        expect((await signInWithPassword("nobody-metrics@example.com", PASSWORD, client(2))).ok).toBe(false);
      },
    );
    expect(failures).toBe(2);
    expect(successes).toBe(0);
    // The unknown address is checked against a dummy hash too (made on the pool once per process).
    expect(hashes).toBeGreaterThanOrEqual(2);
  });

  it("count a lockout once the failures in a row reach the limit", async () => {
    const user = await passwordUser();
    const [lockouts] = await moved([["hybrid_auth_lockouts_total", { cause: "failures" }]], async () => {
      for (let i = 0; i < 5; i++) await signInWithPassword(user.email, "wrong again", client(3));
    });
    expect(lockouts).toBe(1);
  });

  it("count a revoked session by its cause, and the active sessions drop", async () => {
    const user = await passwordUser();
    const opened = await openSession(user, client(4));
    if (!opened) throw new Error("no session");
    const [revoked, active] = await moved(
      [["hybrid_auth_session_revocations_total", { cause: "revoked" }], ["hybrid_auth_active_sessions"]],
      () => revokeOwnSession(user.id, opened.id, client(4)),
    );
    expect(revoked).toBe(1);
    expect(active).toBe(-1);
  });

  it("count a failed step-up by its method", async () => {
    const user = await passwordUser();
    const opened = await openSession(user, client(5));
    if (!opened) throw new Error("no session");
    const session = {
      sessionId: opened.id,
      authTime: opened.authTime,
      amr: ["pwd"],
      bound: false,
      user: { id: user.id, email: user.email, name: user.name, role: user.role },
      impersonator: null,
    };
    // A passing one also sets the edge cookie, which needs a request; its event is counted the same way.
    const [failed] = await moved(
      [["hybrid_auth_step_ups_total", { method: "pwd", outcome: "failure" }]],
      async () => {
        const wrong = await confirmIdentity(session, { method: "password", password: "nope" }, client(5));
        expect(wrong.ok).toBe(false);
      },
    );
    expect(failed).toBe(1);
  });

  it("count a queued mail by its kind", async () => {
    const user = await passwordUser();
    const [queued] = await moved([["hybrid_auth_mail_queued_total", { kind: "reset_password" }]], () =>
      requestPasswordReset(user.email, client(6)),
    );
    expect(queued).toBe(1);
  });

  it("count a delivery the outbox gave up on", async () => {
    const user = await passwordUser();
    await requestPasswordReset(user.email, client(8));
    // Nothing listens there: with one attempt allowed, every message due is given up.
    const smtpUrl = `smtp://app:pw@127.0.0.1:${await freePort()}`;
    let given = -1;
    const [failed] = await moved([["hybrid_auth_mail_deliveries_total", { outcome: "failed" }]], async () => {
      const outcome = await drainOutbox({
        transport: createMailTransport(smtpUrl),
        from: "Hybrid Auth <no-reply@example.com>",
        maxAttempts: 1,
        retrySeconds: 30,
        smtpUrl,
        now: () => new Date(),
      });
      given = outcome.failed;
    });
    expect(given).toBeGreaterThanOrEqual(1);
    expect(failed).toBe(given);
  });

  it("report the database as up, and carry no email, id or address", async () => {
    const user = await passwordUser();
    const opened = await openSession(user, client(7));
    const text = await scrape();
    expect(sample(text, "hybrid_auth_database_up")).toBe(1);
    expect(sample(text, "hybrid_auth_active_sessions")).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain("@");
    expect(text).not.toContain(user.id);
    expect(text).not.toContain(opened?.id ?? "none");
    expect(text).not.toMatch(IPV4);
  });
});

describe("process metrics", () => {
  it("report CPU, memory and event-loop delay, without a GC observer on every collection", async () => {
    const text = await scrape();
    expect(sample(text, "process_cpu_seconds_total")).toBeGreaterThan(0);
    expect(sample(text, "process_resident_memory_bytes")).toBeGreaterThan(0);
    expect(sample(text, "nodejs_heap_size_used_bytes")).toBeGreaterThan(0);
    expect(text).toContain("# TYPE nodejs_eventloop_lag_p99_seconds gauge");
    expect(text).not.toContain("nodejs_gc_duration_seconds");
  });
});
