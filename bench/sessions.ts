// Bench helper, run as a child process against DATABASE_URL:
//   tsx bench/sessions.ts make N [TTL] -> JSON list of {sid, cookie, edgeCookie, authjsCookie}
//   tsx bench/sessions.ts revoke ID… -> JSON {at}: when the revocation committed
//   tsx bench/sessions.ts last-active ID -> JSON {at}
//   tsx bench/sessions.ts users N PASSWORD -> JSON list of emails, each with that password
//   tsx bench/sessions.ts bind ID JWK -> JSON {at}: the session is bound to that public key (DBSC)
//   tsx bench/sessions.ts api N ISSUER… -> JSON list of {sid, refresh, tokens: {issuer: access token}}
//     (API sessions of the "bench" client, as the token endpoint makes them; scope BENCH_API_SCOPE or "profile")
//   tsx bench/sessions.ts burst N COMMITS LAST_ID -> JSON {at}: N revocation rows in COMMITS
//     transactions, each announced as a revocation, then LAST_ID ended the usual way
import { encode } from "next-auth/jwt";
import { apiClient } from "@/lib/api/clients";
import { issueTokens } from "@/lib/api/tokens";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";
import { mintAccessToken } from "@/lib/edge/access-token";
import { mintEdgeToken } from "@/lib/edge/token";
import { announceRevocation } from "@/lib/sessions/revocation-signal";
import { endSessions, insertSession } from "@/lib/sessions/store";
import { newSessionToken } from "@/lib/sessions/token";

const [command, ...args] = process.argv.slice(2);

/** `ttl` 0 means the app's own edge-token TTL (what revocation-lag runs need). */
async function make(n: number, ttl: number) {
  const user = await db.user.upsert({
    where: { email: "bench@example.com" },
    create: { email: "bench@example.com", name: "Bench" },
    update: {},
  });
  const out = [];
  for (let i = 0; i < n; i++) {
    const token = newSessionToken();
    const client = { ip: "127.0.0.1", userAgent: "wrk", deviceLabel: "Benchmark" };
    const s = await insertSession(db, { sessionToken: token, userId: user.id, client });
    const claims = { sub: user.id, sid: s.id, role: user.role };
    // Long-lived for the run: the edge check costs the same whatever the expiry.
    const edge = await mintEdgeToken(claims, ttl ? { ttlSeconds: ttl } : {});
    const authjs = await encode({
      token: claims,
      secret: process.env.AUTH_SECRET ?? "",
      salt: "edge-token",
      maxAge: 7200,
    });
    out.push({
      sid: s.id,
      cookie: `authjs.session-token=${token}`,
      edgeCookie: `edge-token=${edge}`,
      authjsCookie: `edge-token=${authjs}`,
    });
  }
  return out;
}

async function apiSessions(n: number, issuers: string[]) {
  const scope = process.env.BENCH_API_SCOPE ?? "profile";
  const client = apiClient("bench");
  if (!client) throw new Error("API_CLIENTS has no bench client");
  const user = await db.user.upsert({
    where: { email: "bench-api@example.com" },
    create: { email: "bench-api@example.com", name: "Bench API" },
    update: {},
  });
  const out = [];
  for (let i = 0; i < n; i++) {
    const row = await insertSession(db, {
      sessionToken: newSessionToken(),
      userId: user.id,
      client: { ip: "127.0.0.1", userAgent: "wrk", deviceLabel: "Benchmark" },
      signInMethod: "device_code",
      clientId: client.id,
    });
    const session = { id: row.id, userId: user.id, authTime: row.authTime, dpopJkt: null };
    const { refresh_token } = await db.$transaction((tx) =>
      issueTokens(tx, issuers[0] ?? "", session, client, scope),
    );
    const tokens: Record<string, string> = {};
    for (const iss of issuers) {
      const claims = { sub: user.id, sid: row.id, client_id: client.id, scope, auth_time: 0 };
      tokens[iss] = (await mintAccessToken(iss, claims)).token;
    }
    out.push({ sid: row.id, refresh: refresh_token, tokens });
  }
  return out;
}

async function main() {
  if (command === "api") return apiSessions(Number(args[0] ?? 1), args.slice(1));
  if (command === "make") return make(Number(args[0] ?? 1), Number(args[1] ?? 0));
  if (command === "revoke") {
    const rows = await db.session.findMany({
      where: { id: { in: args } },
      select: { id: true, userId: true },
    });
    await db.$transaction((tx) => endSessions(tx, rows, "revoked", { action: "session.revoked" }));
    return { at: Date.now() };
  }
  if (command === "burst") {
    const [total, commits] = [Number(args[0]), Number(args[1])];
    const user = await db.user.upsert({
      where: { email: "bench-burst@example.com" },
      create: { email: "bench-burst@example.com", name: "Bench burst" },
      update: {},
    });
    const per = Math.ceil(total / commits);
    for (let from = 0; from < total; from += per) {
      await db.$transaction(async (tx) => {
        // The time as Prisma stores it (its format differs between the databases): copied from one row.
        const anchor = `burst-at-${from}-${Date.now()}`;
        await tx.revokedSession.create({
          data: { sessionId: anchor, userId: user.id, reason: "revoked", revokedAt: new Date() },
        });
        await tx.$executeRaw`INSERT INTO "RevokedSession" ("sessionId", "userId", "revokedAt", "reason")
          WITH RECURSIVE n(i) AS (SELECT CAST(${from + 1} AS INTEGER) UNION ALL SELECT i + 1 FROM n WHERE i < ${Math.min(total, from + per)})
          SELECT ${anchor} || '-' || CAST(i AS TEXT), ${user.id},
                 (SELECT "revokedAt" FROM "RevokedSession" WHERE "sessionId" = ${anchor}), 'revoked'
          FROM n`;
        await announceRevocation(tx);
      });
    }
    const rows = await db.session.findMany({ where: { id: args[2] }, select: { id: true, userId: true } });
    await db.$transaction((tx) => endSessions(tx, rows, "revoked", { action: "session.revoked" }));
    return { at: Date.now() };
  }
  if (command === "users") {
    const passwordHash = await hashPassword(args[1] ?? "");
    const emails = Array.from({ length: Number(args[0] ?? 1) }, (_, i) => `signin-${i}@example.com`);
    for (const email of emails)
      await db.user.upsert({ where: { email }, create: { email, passwordHash }, update: { passwordHash } });
    return emails;
  }
  if (command === "bind") {
    await db.session.update({ where: { id: args[0] }, data: { boundKey: args[1], boundAt: new Date() } });
    return { at: Date.now() };
  }
  if (command === "last-active") {
    const s = await db.session.findUnique({ where: { id: args[0] }, select: { lastActiveAt: true } });
    return { at: s?.lastActiveAt.getTime() ?? null };
  }
  throw new Error(`unknown command ${command}`);
}

main()
  .then((r) => console.log(JSON.stringify(r)))
  .finally(() => db.$disconnect());
