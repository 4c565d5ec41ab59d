// The outbox against a real SMTP server (lib/testing/smtp-server.ts) and the real
// database of the run (SQLite, or PostgreSQL with TEST_DB_PROVIDER=postgresql).
// Time is moved by passing `now`, never by sleeping.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { freePort } from "@/lib/testing/free-port";
import { startTestSmtpServer, type TestSmtpServer } from "@/lib/testing/smtp-server";
import { type DrainSettings, drainOutbox, LEASE_MS } from "./drain";
import { enqueueMail } from "./outbox";
import { passwordChangedMail } from "./templates";
import { createMailTransport } from "./transport";

const device = { deviceLabel: "Firefox on Windows", ip: "203.0.113.5" };
let smtp: TestSmtpServer | undefined;

beforeEach(async () => {
  // One database for the whole run: start each case with an empty outbox.
  await db.mailMessage.deleteMany();
});

afterEach(async () => {
  await smtp?.stop();
  smtp = undefined;
});

function settings(smtpUrl: string, now: Date, more: Partial<DrainSettings> = {}): DrainSettings {
  return {
    transport: createMailTransport(smtpUrl),
    from: "Hybrid Auth <no-reply@example.com>",
    maxAttempts: 3,
    retrySeconds: 30,
    smtpUrl,
    now: () => now,
    ...more,
  };
}

async function queue(email: string) {
  await db.$transaction((tx) =>
    enqueueMail(tx, passwordChangedMail({ email, name: "Ann" }, new Date(), device)),
  );
  return db.mailMessage.findFirstOrThrow({ where: { to: email } });
}

describe("the outbox", () => {
  it("sends a queued message over SMTP as text and HTML, and marks it sent", async () => {
    smtp = await startTestSmtpServer();
    const row = await queue("ann@example.com");
    expect(row.status).toBe("queued");

    expect(await drainOutbox(settings(smtp.url, new Date()))).toEqual({ sent: 1, retry: 0, failed: 0 });

    const [mail] = smtp.to("ann@example.com");
    expect(smtp.received).toHaveLength(1);
    expect(mail?.from).toMatch(/Hybrid Auth.*<no-reply@example\.com>/);
    expect(mail?.subject).toBe("Your password was changed");
    expect(mail?.text).toContain("Firefox on Windows (IP address 203.0.113.5)");
    expect(mail?.html).toContain("Firefox on Windows (IP address 203.0.113.5)");
    const sent = await db.mailMessage.findUniqueOrThrow({ where: { id: row.id } });
    // Sealed while queued, dropped once sent: no working link stays in the database.
    expect(row.text.startsWith("sealed:v1:")).toBe(true);
    expect(row.text).not.toContain("Firefox on Windows");
    expect(sent).toMatchObject({
      status: "sent",
      attempts: 1,
      lastError: null,
      leasedUntil: null,
      text: "",
      html: "",
    });
    expect(sent.sentAt).not.toBeNull();
    // Nothing is due any more: a second drain sends nothing.
    expect(await drainOutbox(settings(smtp.url, new Date()))).toEqual({ sent: 0, retry: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it("sends each message once when several drains run at the same time", async () => {
    smtp = await startTestSmtpServer();
    const emails = Array.from({ length: 8 }, (_, i) => `race-${i}@example.com`);
    for (const email of emails) await queue(email);

    const url = smtp.url;
    const outcomes = await Promise.all([0, 1, 2, 3].map(() => drainOutbox(settings(url, new Date()))));

    expect(outcomes.reduce((n, o) => n + o.sent, 0)).toBe(emails.length);
    for (const email of emails) expect(smtp.to(email)).toHaveLength(1);
    expect(smtp.received).toHaveLength(emails.length);
    expect(await db.mailMessage.count({ where: { status: "sent", attempts: 1 } })).toBe(emails.length);
  });

  it("stops claiming once the process is shutting down: the message being sent finishes, the rest stay queued", async () => {
    smtp = await startTestSmtpServer();
    const emails = Array.from({ length: 5 }, (_, i) => `backlog-${i}@example.com`);
    for (const email of emails) await queue(email);
    // The shutdown begins while the first message is on its way.
    let shuttingDown = false;
    const first = settings(smtp.url, new Date(), { stopping: () => shuttingDown });
    const send = first.transport.sendMail.bind(first.transport);
    first.transport.sendMail = (async (...args: Parameters<typeof send>) => {
      shuttingDown = true;
      return send(...args);
    }) as typeof send;

    expect(await drainOutbox(first)).toEqual({ sent: 1, retry: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(await db.mailMessage.count({ where: { status: "queued", attempts: 0 } })).toBe(4);

    // Another instance (or this one, restarted) sends the rest.
    expect(await drainOutbox(settings(smtp.url, new Date()))).toEqual({ sent: 4, retry: 0, failed: 0 });
    for (const email of emails) expect(smtp.to(email)).toHaveLength(1);
  });

  it("keeps a message queued with the error while the server is down, and sends it once it is back", async () => {
    const port = await freePort();
    const password = "s3cret-smtp-password";
    const url = `smtp://app:${password}@127.0.0.1:${port}`;
    const row = await queue("bob@example.com");
    const t0 = new Date();

    expect(await drainOutbox(settings(url, t0))).toEqual({ sent: 0, retry: 1, failed: 0 });
    const waiting = await db.mailMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(waiting).toMatchObject({ status: "queued", attempts: 1, leasedUntil: null });
    expect(waiting.lastError).toMatch(/ECONNREFUSED|ECONNECTION/);
    expect(waiting.lastError).not.toContain(password);
    expect(waiting.nextAttemptAt.getTime()).toBe(t0.getTime() + 30_000);

    // Not due before its time, even with the server back.
    smtp = await startTestSmtpServer({ port, password });
    expect(await drainOutbox(settings(url, new Date(t0.getTime() + 29_000)))).toEqual({
      sent: 0,
      retry: 0,
      failed: 0,
    });
    expect(await drainOutbox(settings(url, new Date(t0.getTime() + 30_000)))).toEqual({
      sent: 1,
      retry: 0,
      failed: 0,
    });
    expect(smtp.to("bob@example.com")).toHaveLength(1);
    expect(await db.mailMessage.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: "sent",
      attempts: 2,
      lastError: null,
    });
  });

  it("backs off exponentially and marks the message failed after the last attempt, keeping it", async () => {
    const url = `smtp://app:pw@127.0.0.1:${await freePort()}`;
    const row = await queue("carol@example.com");
    const t0 = Date.now();
    const at = (ms: number) => settings(url, new Date(t0 + ms));

    expect((await drainOutbox(at(0))).retry).toBe(1);
    expect((await drainOutbox(at(30_000))).retry).toBe(1);
    const second = await db.mailMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(second.nextAttemptAt.getTime()).toBe(t0 + 30_000 + 60_000);
    expect((await drainOutbox(at(90_000))).failed).toBe(1);

    const failed = await db.mailMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(failed).toMatchObject({ status: "failed", attempts: 3 });
    expect(failed.lastError).toMatch(/ECONNREFUSED|ECONNECTION/);
    expect(await drainOutbox(at(10 * 3600_000))).toEqual({ sent: 0, retry: 0, failed: 0 });
  });

  it("claims again a message whose sender stopped (lease lapsed), never one still leased", async () => {
    smtp = await startTestSmtpServer();
    const row = await queue("dave@example.com");
    const now = new Date();
    // As left by an instance that claimed it and died mid-send.
    await db.mailMessage.update({
      where: { id: row.id },
      data: { status: "sending", attempts: 1, leasedUntil: new Date(now.getTime() + LEASE_MS) },
    });
    expect((await drainOutbox(settings(smtp.url, now))).sent).toBe(0);
    expect(smtp.received).toHaveLength(0);

    const later = new Date(now.getTime() + LEASE_MS + 1);
    expect((await drainOutbox(settings(smtp.url, later))).sent).toBe(1);
    expect(smtp.to("dave@example.com")).toHaveLength(1);
    expect(await db.mailMessage.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: "sent",
      attempts: 2,
    });
  });
});
