// The one wrapper every server action goes through: parse the form with zod,
// re-check the database session, and turn failures into a message for the form.
// Nothing runs, and nothing is written, unless both pass. A database outage
// becomes a message for the form (its transaction, if any, rolled back), never a
// redirect to /login: the user is still signed in.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { z } from "zod";
import { audit, auditedAs } from "@/lib/audit";
import { type CurrentSession, currentPath, getCurrentSession } from "@/lib/auth/current";
import { db } from "@/lib/db/client";
import { asOutage, DatabaseUnavailableError } from "@/lib/db/unavailable";
import { adminMfaRequired, hasSecondFactor } from "@/lib/edge/admin-mfa";
import { type ClientInfo, clientInfo } from "@/lib/http/client-info";
import { confirmIdentity, type TypedMethod, typedProofIn } from "@/lib/step-up/confirm";
import { type StepUpMethods, stepUpNeeded } from "@/lib/step-up/window";
import { ASK_TO_CONFIRM, CANCEL } from "@/lib/ui/form-names";
import { UNAVAILABLE_MESSAGES } from "@/lib/ui/unavailable";

/**
 * The action did not run: the form asks "Confirm it's you" with these methods,
 * then sends `resend` (what it sent, echoed, so a page without JavaScript can
 * hold it too) again with the proof. `error`: the proof sent was refused.
 */
export type StepUpAsk = StepUpMethods & {
  resend: Record<string, string>;
  error?: string;
  /** The typed method to ask with, when the user switched (without JavaScript the switch is a post). */
  use?: TypedMethod;
};

export type ActionState = {
  error?: string;
  success?: string;
  fields?: Record<string, string>;
  stepUp?: StepUpAsk;
  /** The form was asked to confirm first (a button of a confirmation, pressed without JavaScript): nothing ran. */
  confirm?: boolean;
  /** Shown once by the form that asked, e.g. new recovery codes. */
  list?: string[];
};

type Schema = z.ZodType<unknown, Record<string, unknown>>;

/** What every action is handed besides its input: where the request came from. */
export type RequestContext = { client: ClientInfo };
/** ...and, for a signed-in user, the database session checked just now. */
export type SessionContext = RequestContext & { session: CurrentSession };

/** For the JSON ceremonies that no wrapper runs (a passkey sign-in). */
export async function requestClient(): Promise<ClientInfo> {
  return clientInfo(await headers());
}

/** Long enough for any real form field; longer input is refused before anything reads it. */
const MAX_FIELD_LENGTH = 4096;

function formFields(formData: FormData): Record<string, string> | null {
  const fields: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (key.startsWith("$ACTION")) continue;
    if (typeof value !== "string" || value.length > MAX_FIELD_LENGTH) return null;
    fields[key] = value;
  }
  return fields;
}

function parse<S extends Schema>(schema: S, formData: FormData): { data: z.output<S> } | { error: string } {
  const fields = formFields(formData);
  if (!fields) return { error: "The form contained a value that is too long." };
  const parsed = schema.safeParse(fields);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "The form is not valid." };
  return { data: parsed.data };
}

/** Runs `body`; an outage becomes `message` for the form, anything else (a redirect, a bug) is rethrown. */
async function unlessUnavailable(message: string, body: () => Promise<ActionState>): Promise<ActionState> {
  try {
    return await body();
  } catch (err) {
    if (asOutage(err) instanceof DatabaseUnavailableError) return { error: message };
    throw err;
  }
}

/** For forms used while signed out (sign-in, sign-up); `unavailable` is what they say during an outage. */
export function validatedAction<S extends Schema>(
  schema: S,
  action: (data: z.output<S>, context: RequestContext) => Promise<ActionState | undefined>,
  unavailable: string = UNAVAILABLE_MESSAGES.generic,
) {
  return async (_prev: ActionState | undefined, formData: FormData): Promise<ActionState> => {
    const parsed = parse(schema, formData);
    if ("error" in parsed) return { error: parsed.error };
    const client = await requestClient();
    return unlessUnavailable(unavailable, async () => (await action(parsed.data, { client })) ?? {});
  };
}

/**
 * For everything a signed-in user does: a revoked session gets the login page and
 * changes nothing. On a session an administrator started as the user, every audit
 * event the action writes names that administrator too.
 */
export function authedAction<S extends Schema>(
  schema: S,
  action: (
    data: z.output<S>,
    context: SessionContext,
    fields: Record<string, string>,
  ) => Promise<ActionState | undefined>,
) {
  return async (_prev: ActionState | undefined, formData: FormData): Promise<ActionState> =>
    unlessUnavailable(UNAVAILABLE_MESSAGES.signedIn, async () => {
      const session = await getCurrentSession();
      if (!session) redirect("/login");
      if (formData.has(ASK_TO_CONFIRM)) return { confirm: true };
      if (formData.has(CANCEL)) return {};
      const parsed = parse(schema, formData);
      if ("error" in parsed) return { error: parsed.error };
      const context = { session, client: await requestClient() };
      const fields = formFields(formData) ?? {};
      return auditedAs(session.impersonator, async () => (await action(parsed.data, context, fields)) ?? {});
    });
}

export const NOT_WHILE_IMPERSONATING =
  "Not while you are signed in as this user: only they can change how their account is entered or end its sessions.";

/**
 * Null for the account's owner. For an administrator signed in as the user: the
 * refusal, audited with both identities (ownerAction, and ownerSession for the
 * passkey ceremonies).
 */
async function refuseImpersonator({ session, client }: SessionContext): Promise<string | null> {
  if (!session.impersonator) return null;
  const page = await currentPath();
  await auditedAs(session.impersonator, () =>
    audit(db, {
      action: "impersonation.refused",
      actorUserId: session.impersonator?.id,
      targetUserId: session.user.id,
      sessionId: session.sessionId,
      client,
      details: { page },
    }),
  );
  return NOT_WHILE_IMPERSONATING;
}

export const SIGN_IN_FIRST = "Sign in first.";

/**
 * What ownerAction checks, for the passkey ceremonies (registration, "Confirm
 * it's you"), which take the browser's JSON rather than a form: the session,
 * or the words to return instead.
 */
export async function ownerSession(): Promise<SessionContext | { error: string }> {
  const session = await getCurrentSession();
  if (!session) return { error: SIGN_IN_FIRST };
  const context = { session, client: await requestClient() };
  const refused = await refuseImpersonator(context);
  return refused ? { error: refused } : context;
}

/**
 * For changes only the account's owner may make (credentials, second factor,
 * email, connected accounts, passkeys, ending its sessions): an administrator
 * signed in as the user ("Sign in as user") is refused, and nothing changes.
 */
export function ownerAction<S extends Schema>(
  schema: S,
  action: (
    data: z.output<S>,
    context: SessionContext,
    fields: Record<string, string>,
  ) => Promise<ActionState | undefined>,
) {
  return authedAction(schema, async (data, context, fields) => {
    const refused = await refuseImpersonator(context);
    if (refused) return { error: refused };
    return action(data, context, fields);
  });
}

/**
 * For what a stolen session must not do on its own (end sessions, anything an
 * administrator does): runs only within the step-up window; otherwise it asks
 * the form to have the user confirm who they are, and changes nothing. The
 * "Confirm it's you" form sends the same fields again with a password or code
 * (lib/step-up/confirm.ts), checked here before the action runs: one post, so
 * it works on a page without JavaScript. Owner only: never from a session an
 * administrator started as the user.
 */
export function sensitiveAction<S extends Schema>(
  schema: S,
  action: (data: z.output<S>, context: SessionContext) => Promise<ActionState | undefined>,
) {
  return ownerAction(schema, async (data, context, fields) => {
    const methods = await stepUpNeeded(context.session);
    if (!methods) return action(data, context);
    const { proof, rest, use } = typedProofIn(fields);
    const ask = { ...methods, resend: rest, use };
    if (!proof) return { stepUp: ask };
    if ("error" in proof) return { stepUp: { ...ask, error: proof.error } };
    const confirmed = await confirmIdentity(context.session, proof, context.client);
    if (!confirmed.ok) return { stepUp: { ...ask, error: confirmed.error } };
    return action(data, { ...context, session: confirmed.session });
  });
}

/** For the admin console: the role is the one the database holds right now, not the edge token's. */
export function adminAction<S extends Schema>(
  schema: S,
  action: (data: z.output<S>, context: SessionContext) => Promise<ActionState | undefined>,
) {
  return sensitiveAction(schema, async (data, context) => {
    const { session } = context;
    if (session.user.role !== "admin") return { error: "Only administrators can do this." };
    if (adminMfaRequired() && !hasSecondFactor(session.amr))
      return { error: "Administrators need a sign-in with a second factor or a passkey for this." };
    return action(data, context);
  });
}
