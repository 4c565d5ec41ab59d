// @auth/prisma-adapter, with the session methods replaced so that the database
// holds only SHA-256 hashes of session tokens and every lookup applies our
// idle/absolute timeouts. Auth.js hands these methods the raw cookie value.
import { PrismaAdapter } from "@auth/prisma-adapter";
import type { Adapter, AdapterSession } from "next-auth/adapters";
import { type DbTx, db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { endSessions, findSessionByToken, insertSession } from "@/lib/sessions/store";
import { hashSessionToken } from "@/lib/sessions/token";

/** What our own sign-in passes to createSession on top of Auth.js's fields. */
export type SessionInput = AdapterSession & { client?: ClientInfo; amr?: string[] };

/** `client` lets sign-in create the session inside its own transaction. */
export function hashingAdapter(client: DbTx = db) {
  const base = PrismaAdapter(client as never);
  return {
    ...base,
    async createSession(session: SessionInput) {
      const row = await insertSession(client, session);
      return { ...row, sessionToken: session.sessionToken };
    },
    async getSessionAndUser(sessionToken: string) {
      const found = await findSessionByToken(sessionToken);
      if (!found) return null;
      const { user, ...session } = found;
      return {
        session: { ...session, sessionToken } as AdapterSession,
        user: { ...user, emailVerified: null },
      };
    },
    // Auth.js would push `expires` forward on activity; the absolute timeout forbids
    // that. The config sets updateAge = maxAge, so Auth.js never asks in practice.
    async updateSession({ sessionToken }: Pick<AdapterSession, "sessionToken">) {
      const row = await client.session.findUnique({
        where: { sessionToken: hashSessionToken(sessionToken) },
      });
      return row && { ...row, sessionToken };
    },
    async deleteSession(sessionToken: string) {
      const row = await client.session.findUnique({
        where: { sessionToken: hashSessionToken(sessionToken) },
      });
      if (!row) return null;
      await db.$transaction((tx) =>
        endSessions(tx, [row], "signout", { action: "session.signed_out", actorUserId: row.userId }),
      );
      return { ...row, sessionToken };
    },
  } satisfies Adapter;
}
