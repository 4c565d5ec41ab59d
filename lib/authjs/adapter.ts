// Our Auth.js adapter: @auth/prisma-adapter's model shapes, with these differences.
// - The database holds only SHA-256 hashes of session tokens; Auth.js hands the
//   methods the raw cookie value. Every lookup (and sign-out) goes through the
//   same decision as our pages (lib/auth/request-session.ts): timeouts, lock, cutoff,
//   impersonation and device binding, which needs the request's edge token.
// - Auth.js sees a user as its AdapterUser fields plus `role` (read by the session
//   callback): never the password hash, lock state or credentials version, and a
//   provider's profile can set only the profile columns (never `role`).
// - Ending sessions (deleteSession, deleteUser) goes through endSessions, so each
//   ending reaches the edge revocation feed and the audit log.
// - Every method runs on the client it is given, so a caller can pass its own
//   transaction client (password sign-in does) and have all of it commit or roll
//   back together.
import type {
  Adapter,
  AdapterAccount,
  AdapterAuthenticator,
  AdapterSession,
  AdapterUser,
} from "next-auth/adapters";
import { audit } from "@/lib/audit";
import { sessionOf } from "@/lib/auth/request-session";
import { type DbTx, db } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/transaction";
import type { ClientInfo } from "@/lib/http/client-info";
import { beginSession } from "@/lib/sessions/begin";
import { endSessions } from "@/lib/sessions/store";
import { hashSessionToken } from "@/lib/sessions/token";

/** Where the sessions this adapter creates come from: Auth.js's createSession carries neither. */
export type SessionOrigin = { client: ClientInfo | null; signInMethod: string; deviceId?: string };

/** AdapterUser plus the role our session callback reads. */
export type AuthUser = AdapterUser & { role: string };

const userFields = {
  id: true,
  name: true,
  email: true,
  emailVerified: true,
  image: true,
  role: true,
} as const;

/** Stored the way our forms store it, so a provider's "Ann@Example.com" finds ann@example.com. */
const normalEmail = (email: string) => email.trim().toLowerCase();

/** The only user columns Auth.js may write (from a provider's profile or its own updates). */
function profileData(user: Partial<AdapterUser>) {
  const { name, email, emailVerified, image } = user;
  return { name, email: email === undefined ? undefined : normalEmail(email), emailVerified, image };
}

const accountFields = {
  userId: true,
  type: true,
  provider: true,
  providerAccountId: true,
  refresh_token: true,
  access_token: true,
  expires_at: true,
  token_type: true,
  scope: true,
  id_token: true,
  session_state: true,
} as const;

/**
 * The token-response fields we have columns for. Providers add their own (e.g.
 * Keycloak's `refresh_expires_in`), which Prisma would reject as unknown arguments.
 */
function accountData(account: AdapterAccount) {
  const { userId, type, provider, providerAccountId } = account;
  const { refresh_token, access_token, expires_at, token_type, scope, id_token, session_state } = account;
  return {
    userId,
    type,
    provider,
    providerAccountId,
    refresh_token,
    access_token,
    expires_at,
    token_type,
    scope,
    id_token,
    session_state: session_state == null ? session_state : String(session_state),
  };
}

const authenticatorFields = {
  credentialID: true,
  userId: true,
  providerAccountId: true,
  credentialPublicKey: true,
  counter: true,
  credentialDeviceType: true,
  credentialBackedUp: true,
  transports: true,
} as const;

/** What the request presents besides the session token Auth.js passes: a bound session needs its edge token. */
export type RequestProof = { edgeToken: string | undefined };

/**
 * `client` lets a caller run every method inside its own transaction. `origin`
 * is needed only to create sessions: the request's device and the sign-in method.
 * `proof` is the request's edge token; without it a device-bound session is no
 * session here (nor can it be signed out through Auth.js).
 */
export function hashingAdapter(client: DbTx = db, origin?: SessionOrigin, proof?: RequestProof) {
  return {
    // Auth.js proposes an id; the database makes its own (cuid), like @auth/prisma-adapter.
    createUser: (user: AdapterUser): Promise<AuthUser> =>
      client.user.create({
        data: { ...profileData(user), email: normalEmail(user.email) },
        select: userFields,
      }),
    getUser: (id: string): Promise<AuthUser | null> =>
      client.user.findUnique({ where: { id }, select: userFields }),
    getUserByEmail: (email: string): Promise<AuthUser | null> =>
      client.user.findUnique({ where: { email: normalEmail(email) }, select: userFields }),
    async getUserByAccount(
      key: Pick<AdapterAccount, "provider" | "providerAccountId">,
    ): Promise<AuthUser | null> {
      const account = await client.account.findUnique({
        where: {
          provider_providerAccountId: { provider: key.provider, providerAccountId: key.providerAccountId },
        },
        select: { user: { select: userFields } },
      });
      return account?.user ?? null;
    },
    updateUser: ({ id, ...user }: Partial<AdapterUser> & Pick<AdapterUser, "id">): Promise<AuthUser> =>
      client.user.update({ where: { id }, data: profileData(user), select: userFields }),
    /** Ends the user's sessions the way every ending goes (feed + audit), then deletes the rest by cascade. */
    deleteUser: (id: string): Promise<AuthUser | null> =>
      inTransaction(client, async (tx) => {
        const user = await tx.user.findUnique({ where: { id }, select: userFields });
        if (!user) return null;
        // Their sessions, and those they had started as other users.
        const sessions = await tx.session.findMany({
          where: { OR: [{ userId: id }, { impersonatorId: id }] },
          select: { id: true, userId: true },
        });
        await endSessions(tx, sessions, "user_deleted", { action: "session.revoked" });
        await tx.user.delete({ where: { id } });
        await audit(tx, { action: "user.deleted", targetUserId: id });
        return user;
      }),

    async linkAccount(account: AdapterAccount): Promise<AdapterAccount> {
      return (await client.account.create({
        data: accountData(account),
        select: accountFields,
      })) as AdapterAccount;
    },
    async unlinkAccount(
      key: Pick<AdapterAccount, "provider" | "providerAccountId">,
    ): Promise<AdapterAccount | undefined> {
      const where = {
        provider_providerAccountId: { provider: key.provider, providerAccountId: key.providerAccountId },
      };
      return inTransaction(client, async (tx) => {
        const account = await tx.account.findUnique({ where, select: accountFields });
        if (!account) return undefined;
        await tx.account.delete({ where });
        return account as AdapterAccount;
      });
    },
    async getAccount(providerAccountId: string, provider: string): Promise<AdapterAccount | null> {
      return (await client.account.findUnique({
        where: { provider_providerAccountId: { provider, providerAccountId } },
        select: accountFields,
      })) as AdapterAccount | null;
    },

    /** The same beginning as every other session (lib/sessions/begin.ts): cap, device, method, audit. */
    async createSession(session: AdapterSession) {
      if (!origin)
        throw new Error("hashingAdapter was made without a session origin; it cannot create sessions");
      const row = await inTransaction(client, (tx) => beginSession(tx, { ...session, ...origin }));
      return { ...row, sessionToken: session.sessionToken };
    },
    async getSessionAndUser(sessionToken: string) {
      const found = await sessionOf({ sessionToken, edgeToken: proof?.edgeToken }, client);
      if (!found) return null;
      const { user, ...session } = found;
      return { session: { ...session, sessionToken }, user: user satisfies AuthUser };
    },
    // Auth.js would push `expires` forward on activity (sliding expiry); ours is an
    // absolute timeout that no activity extends, and activity is tracked in
    // lastActiveAt by findSessionByToken instead. So this only reads the row back.
    // The config sets updateAge = maxAge, so Auth.js never asks in practice.
    async updateSession({ sessionToken }: Partial<AdapterSession> & Pick<AdapterSession, "sessionToken">) {
      const row = await client.session.findUnique({
        where: { sessionToken: hashSessionToken(sessionToken) },
      });
      return row && { ...row, sessionToken };
    },
    // Sign-out through /api/auth/signout: only a session this request could use is
    // ended, so a copied cookie of a device-bound session cannot sign its owner out.
    deleteSession: async (sessionToken: string) => {
      if (!(await sessionOf({ sessionToken, edgeToken: proof?.edgeToken }, client))) return null;
      return inTransaction(client, async (tx) => {
        const row = await tx.session.findUnique({ where: { sessionToken: hashSessionToken(sessionToken) } });
        if (!row) return null;
        await endSessions(tx, [row], "signout", { action: "session.signed_out", actorUserId: row.userId });
        return { ...row, sessionToken };
      });
    },

    // Auth.js stores verification tokens already hashed (for email sign-in); we keep them as given.
    createVerificationToken: (token: { identifier: string; token: string; expires: Date }) =>
      client.verificationToken.create({ data: token }),
    useVerificationToken: ({ identifier, token }: { identifier: string; token: string }) =>
      inTransaction(client, async (tx) => {
        const where = { identifier_token: { identifier, token } };
        const found = await tx.verificationToken.findUnique({ where });
        // deleteMany: of two concurrent uses, only the one that deleted the row gets it.
        const { count } = await tx.verificationToken.deleteMany({ where: { identifier, token } });
        return found && count === 1 ? found : null;
      }),

    createAuthenticator: (authenticator: AdapterAuthenticator): Promise<AdapterAuthenticator> =>
      client.authenticator.create({ data: authenticator, select: authenticatorFields }),
    getAuthenticator: (credentialID: string): Promise<AdapterAuthenticator | null> =>
      client.authenticator.findUnique({ where: { credentialID }, select: authenticatorFields }),
    listAuthenticatorsByUserId: (userId: string): Promise<AdapterAuthenticator[]> =>
      client.authenticator.findMany({ where: { userId }, select: authenticatorFields }),
    updateAuthenticatorCounter: (credentialID: string, counter: number): Promise<AdapterAuthenticator> =>
      client.authenticator.update({
        where: { credentialID },
        data: { counter },
        select: authenticatorFields,
      }),
  } satisfies Adapter;
}
