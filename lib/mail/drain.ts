// Sending the outbox. Any number of drains may run at once, in one process or
// in several instances on one database: a message is sent only by the drain
// whose conditional update moved it from queued (or from sending with a lapsed
// lease) to sending, and a drain finishes a message only while its claim holds.
// Failures are retried with exponential backoff up to MAIL_MAX_ATTEMPTS, then the
// message is marked failed; it stays in the table either way.
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/log/logger";
import { countMailDelivery } from "@/lib/metrics/events";
import { shuttingDownSince } from "@/lib/runtime/lifecycle";
import { SPAN_NAMES, traced } from "@/lib/telemetry/spans";
import { DROPPED_BODY, openBody, UnreadableBodyError } from "./sealed";
import { createMailTransport, failureSummary, type MailTransport } from "./transport";

/** Longer than a send can take with the transport's timeouts: a lapsed lease means its sender stopped. */
export const LEASE_MS = 2 * 60_000;
const MAX_RETRY_DELAY_MS = 60 * 60_000;
const BATCH = 20;
const MAX_ROUNDS = 50;

export type DrainSettings = {
  transport: MailTransport;
  from: string;
  maxAttempts: number;
  retrySeconds: number;
  /** Only to keep it out of error texts. */
  smtpUrl?: string;
  now: () => Date;
  /**
   * True once the process is shutting down: the drain finishes the message it is
   * sending and claims no other. A backlog is left queued for another instance;
   * sending it all would hold the shutdown (and a restart) for as long as it takes.
   */
  stopping?: () => boolean;
};

type Claim = { id: string; attempts: number };

let cachedTransport: { url: string; transport: MailTransport } | undefined;

export function configuredSettings(): DrainSettings {
  const c = config();
  if (!c.SMTP_URL) throw new Error("SMTP_URL is not set: nothing can be sent");
  if (cachedTransport?.url !== c.SMTP_URL)
    cachedTransport = { url: c.SMTP_URL, transport: createMailTransport(c.SMTP_URL) };
  return {
    transport: cachedTransport.transport,
    from: c.MAIL_FROM,
    maxAttempts: c.MAIL_MAX_ATTEMPTS,
    retrySeconds: c.MAIL_RETRY_SECONDS,
    smtpUrl: c.SMTP_URL,
    now: () => new Date(),
    stopping: () => shuttingDownSince() !== null,
  };
}

export function retryDelayMs(attempts: number, retrySeconds: number): number {
  return Math.min(retrySeconds * 1000 * 2 ** (attempts - 1), MAX_RETRY_DELAY_MS);
}

/** Due: queued and its time has come, or sending under a lease that has lapsed. */
function dueMessages(now: Date) {
  return db.mailMessage.findMany({
    where: {
      OR: [
        { status: "queued", nextAttemptAt: { lte: now } },
        { status: "sending", leasedUntil: { lt: now } },
      ],
    },
    orderBy: { nextAttemptAt: "asc" },
    take: BATCH,
    select: { id: true, status: true, attempts: true },
  });
}

/** The claim: one conditional update; whoever changed the row first wins, the others match nothing. */
async function claim(
  row: { id: string; status: string; attempts: number },
  now: Date,
  maxAttempts: number,
): Promise<Claim | null> {
  const unchanged = { id: row.id, status: row.status, attempts: row.attempts };
  if (row.attempts >= maxAttempts) {
    // Typically a lapsed lease on the last attempt (its sender stopped mid-send): give up rather than loop.
    await db.mailMessage.updateMany({
      where: unchanged,
      data: {
        status: "failed",
        leasedUntil: null,
        lastError:
          row.status === "sending"
            ? "the instance sending it stopped before it finished"
            : "no attempts left",
      },
    });
    return null;
  }
  const { count } = await db.mailMessage.updateMany({
    where: unchanged,
    data: { status: "sending", attempts: row.attempts + 1, leasedUntil: new Date(now.getTime() + LEASE_MS) },
  });
  return count === 1 ? { id: row.id, attempts: row.attempts + 1 } : null;
}

async function deliver(c: Claim, s: DrainSettings): Promise<"sent" | "retry" | "failed"> {
  const row = await db.mailMessage.findUniqueOrThrow({
    where: { id: c.id },
    select: { to: true, subject: true, text: true, html: true },
  });
  const stillOurs = { id: c.id, status: "sending", attempts: c.attempts };
  let mail: typeof row;
  try {
    mail = { ...row, text: await openBody(row.text), html: await openBody(row.html) };
  } catch (err) {
    if (!(err instanceof UnreadableBodyError)) throw err;
    // No retry can open it: give up at once, with the reason.
    await db.mailMessage.updateMany({
      where: stillOurs,
      data: { status: "failed", leasedUntil: null, lastError: err.message },
    });
    logger().error({ event: "mail.failed", messageId: c.id, err }, "mail body cannot be opened: giving up");
    return "failed";
  }
  try {
    await s.transport.sendMail({ from: s.from, ...mail });
  } catch (err) {
    const lastError = failureSummary(err, s.smtpUrl);
    const giveUp = c.attempts >= s.maxAttempts;
    await db.mailMessage.updateMany({
      where: stillOurs,
      data: giveUp
        ? { status: "failed", leasedUntil: null, lastError }
        : {
            status: "queued",
            leasedUntil: null,
            lastError,
            nextAttemptAt: new Date(s.now().getTime() + retryDelayMs(c.attempts, s.retrySeconds)),
          },
    });
    // The id and the error only: never the recipient, the message or the SMTP URL (failureSummary drops it).
    // A retry is expected now and then; giving up loses a message.
    logger()[giveUp ? "error" : "warn"](
      {
        event: giveUp ? "mail.failed" : "mail.retrying",
        messageId: c.id,
        attempt: c.attempts,
        maxAttempts: s.maxAttempts,
        error: lastError,
      },
      `mail send attempt ${c.attempts} of ${s.maxAttempts} failed${giveUp ? ": giving up" : ""}`,
    );
    return giveUp ? "failed" : "retry";
  }
  await db.mailMessage.updateMany({
    where: stillOurs,
    // The body goes: its links must not outlive the send in the database.
    data: {
      status: "sent",
      sentAt: s.now(),
      leasedUntil: null,
      lastError: null,
      text: DROPPED_BODY,
      html: DROPPED_BODY,
    },
  });
  return "sent";
}

/** Sends every message that is due, one at a time; returns what happened to the ones this drain claimed. */
export async function drainOutbox(settings: DrainSettings = configuredSettings()) {
  const outcome = { sent: 0, retry: 0, failed: 0 };
  const stopping = settings.stopping ?? (() => false);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const now = settings.now();
    const due = await dueMessages(now);
    let claimed = 0;
    for (const row of due) {
      if (stopping()) return outcome;
      const mine = await claim(row, now, settings.maxAttempts);
      if (!mine) continue;
      claimed++;
      const result = await traced(
        SPAN_NAMES.mailSend,
        () => deliver(mine, settings),
        (r) => r,
      );
      outcome[result]++;
      countMailDelivery(result);
    }
    // Nothing left, or everything due was taken by other drains.
    if (claimed === 0) break;
  }
  return outcome;
}
