// Retention: one sweep deletes what no rule needs any more, so no table grows
// for ever (a spray of sign-ins with random emails, clients that never come
// back, every DPoP proof). Each table goes in small batches, each its own short
// transaction, so no write lock is held long; every step is idempotent, so
// several instances may sweep at once. Sessions are ended the way every session
// ends (lib/sessions/store.ts: revocation row and audit event), never deleted
// behind the feed's back.
import { setImmediate as yieldToRequests } from "node:timers/promises";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { longestTokenSeconds, OVERLAP_MS } from "@/lib/edge/revocations";
import { pruneOutbox } from "@/lib/mail/prune";
import { KNOWN_DEVICE_DAYS } from "@/lib/sessions/known-devices";
import { idleCutoff } from "@/lib/sessions/policy";
import { endSessions } from "@/lib/sessions/store";

export const SWEEP_BATCH = 500;
/** Ending a session writes three rows; fewer per transaction keeps each one short. */
const SESSION_BATCH = 25;

const DAY_MS = 86_400_000;

export type SweepOptions = {
  batch?: number;
  /** Told how long each batch of each table took (the benchmark's longest write). */
  onBatch?: (table: string, ms: number) => void;
};

/** Deletes what `next` finds, a batch at a time, until a batch comes back short. */
async function inBatches(
  table: string,
  next: () => Promise<number>,
  { batch = SWEEP_BATCH, onBatch }: SweepOptions,
) {
  let total = 0;
  for (;;) {
    const started = performance.now();
    const n = await next();
    onBatch?.(table, performance.now() - started);
    total += n;
    if (n < batch) return total;
    // On SQLite each statement resolves without giving the event loop a turn: without
    // this, requests arriving meanwhile would wait for the whole sweep, not one batch.
    await yieldToRequests();
  }
}

/** A large table's rows, found a batch at a time by `find` and deleted by key. */
function inKeyedBatches(
  table: string,
  find: (take: number) => Promise<string[]>,
  remove: (keys: string[]) => Promise<unknown>,
  options: SweepOptions,
): Promise<number> {
  const batch = options.batch ?? SWEEP_BATCH;
  return inBatches(
    table,
    async () => {
      const keys = await find(batch);
      if (keys.length > 0) await remove(keys);
      return keys.length;
    },
    options,
  );
}

/** Sessions past their absolute or idle limit that nobody has read since: ended through the feed. */
function endLapsedSessions(now: Date, { onBatch }: SweepOptions): Promise<number> {
  return inBatches(
    "sessions",
    async () => {
      const lapsed = await db.session.findMany({
        where: { OR: [{ expires: { lte: now } }, { lastActiveAt: { lte: idleCutoff(now) } }] },
        select: { id: true, userId: true, expires: true },
        take: SESSION_BATCH,
      });
      if (lapsed.length === 0) return 0;
      const expired = lapsed.filter((s) => s.expires <= now);
      const idle = lapsed.filter((s) => s.expires > now);
      await db.$transaction(async (tx) => {
        await endSessions(tx, expired, "expired", { action: "session.expired" });
        await endSessions(tx, idle, "idle", { action: "session.expired" });
      });
      return lapsed.length;
    },
    { batch: SESSION_BATCH, onBatch },
  );
}

export type SweepResult = Record<string, number>;

export async function sweep(now = new Date(), options: SweepOptions = {}): Promise<SweepResult> {
  const before = (ms: number) => new Date(now.getTime() - ms);
  const lapsed = { expires: { lt: now } };
  const result: SweepResult = { sessions: await endLapsedSessions(now, options) };
  // A revocation matters while a token naming its session can still be alive.
  const revokedBefore = before(longestTokenSeconds() * 1000 + OVERLAP_MS);
  result.revocations = await inKeyedBatches(
    "revocations",
    async (take) =>
      (
        await db.revokedSession.findMany({
          where: { revokedAt: { lt: revokedBefore } },
          select: { sessionId: true },
          take,
        })
      ).map((r) => r.sessionId),
    (sessionId) => db.revokedSession.deleteMany({ where: { sessionId: { in: sessionId } } }),
    options,
  );
  result.rateLimits = await inKeyedBatches(
    "rateLimits",
    async (take) =>
      (
        await db.rateLimiterFlexible.findMany({ where: { expire: { lt: now } }, select: { key: true }, take })
      ).map((r) => r.key),
    // Only rows still expired: a key counted again meanwhile has a new expiry and stays.
    (key) => db.rateLimiterFlexible.deleteMany({ where: { key: { in: key }, expire: { lt: now } } }),
    options,
  );
  result.dpopProofs = await inKeyedBatches(
    "dpopProofs",
    async (take) =>
      (await db.dpopProof.findMany({ where: lapsed, select: { id: true }, take })).map((r) => r.id),
    (id) => db.dpopProof.deleteMany({ where: { id: { in: id } } }),
    options,
  );
  const auditBefore = before(config().AUDIT_RETENTION_DAYS * DAY_MS);
  result.auditEvents = await inKeyedBatches(
    "auditEvents",
    async (take) =>
      (
        await db.auditEvent.findMany({
          where: { createdAt: { lt: auditBefore } },
          select: { id: true },
          take,
        })
      ).map((r) => r.id),
    (id) => db.auditEvent.deleteMany({ where: { id: { in: id } } }),
    options,
  );
  // Short-lived rows, one per ceremony or sign-in: few expire between two sweeps.
  result.webAuthnChallenges = (await db.webAuthnChallenge.deleteMany({ where: lapsed })).count;
  result.bindingChallenges = (await db.bindingChallenge.deleteMany({ where: lapsed })).count;
  result.connectIntents = (await db.connectIntent.deleteMany({ where: lapsed })).count;
  result.pendingSignIns = (await db.pendingSignIn.deleteMany({ where: lapsed })).count;
  result.deviceAuthorizations = (await db.deviceAuthorization.deleteMany({ where: lapsed })).count;
  // A browser unseen this long is new again (the next sign-in from it alerts): its row says nothing.
  result.knownDevices = (
    await db.knownDevice.deleteMany({ where: { lastSeenAt: { lt: before(KNOWN_DEVICE_DAYS * DAY_MS) } } })
  ).count;
  result.verificationTokens = (await db.verificationToken.deleteMany({ where: lapsed })).count;
  const mail = await pruneOutbox(now);
  result.sentMail = mail.messages;
  result.links = mail.links;
  return result;
}
