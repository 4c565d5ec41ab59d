// What a new password must be (NIST SP 800-63B-4, 3.1.1.2): long enough,
// counted in Unicode code points after NFKC normalisation, with no rules about
// kinds of characters, not on a list of breached or common passwords, and not
// made of the site's name or the user's own name or email. Checked wherever a
// password is set (sign-up, reset, change, the seeded administrator's).
import { config } from "@/lib/config/env";
import { isBreachedPassword } from "./breached";

/** Far beyond any real passphrase; bounds the work one request can ask of the server. */
export const PASSWORD_MAX_LENGTH = 1024;

/** Context words shorter than this are not looked for: they would strip letters from any password. */
const MIN_CONTEXT_WORD = 3;
/** What must be left once the context words are taken out: NIST's floor for any password. */
const MIN_BEYOND_CONTEXT = 8;

export const APP_NAME_WORDS = ["hybrid auth"];

export const LISTED_MESSAGE =
  "This password appears in lists of breached or common passwords. Choose another.";
export const CONTEXT_MESSAGE =
  "This password is too close to your name, your email address or this site's name. Choose another.";

/** One form for equivalent inputs (a full-width "Ａ" is "A"), so what was set is what signs in. */
export function normalizePassword(password: string): string {
  return password.normalize("NFKC");
}

/** Length as a person counts it: an emoji is one character, not two UTF-16 units or four bytes. */
export function codePoints(password: string): number {
  return [...normalizePassword(password)].length;
}

export function minPasswordLength(): number {
  return config().PASSWORD_MIN_LENGTH;
}

export function tooShortMessage(min = minPasswordLength()): string {
  return `Use at least ${min} characters for the password.`;
}

/** The length rule alone (the zod schemas of the forms use it); null when it passes. */
export function lengthProblem(password: string): string | null {
  const length = codePoints(password);
  if (length < minPasswordLength()) return tooShortMessage();
  if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters for the password.`;
  return null;
}

/** Lower case letters and digits only, so "Alice.Smith" and "alice smith" compare alike. */
function letters(text: string): string {
  return normalizePassword(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

export type PasswordOwner = { email: string; name?: string | null };

/** The site's name, the email, its local part and domain name, the name and each of its words. */
function contextWords(owner: PasswordOwner): string[] {
  const [local = "", domain = ""] = owner.email.split("@");
  const words = [...APP_NAME_WORDS, owner.email, local, domain.split(".")[0] ?? ""];
  if (owner.name) words.push(owner.name, ...owner.name.split(/\s+/));
  return [...new Set(words.map(letters))]
    .filter((w) => w.length >= MIN_CONTEXT_WORD)
    .sort((a, b) => b.length - a.length);
}

/** True when it holds a context word and, without them, fewer than MIN_BEYOND_CONTEXT letters and digits are left. */
export function madeOfContext(password: string, owner: PasswordOwner): boolean {
  const all = letters(password);
  let rest = all;
  for (const word of contextWords(owner)) rest = rest.split(word).join("");
  return rest !== all && [...rest].length < MIN_BEYOND_CONTEXT;
}

/** Every rule; null when the password may be set. The length rule is the forms' too (zod). */
export async function newPasswordProblem(password: string, owner: PasswordOwner): Promise<string | null> {
  const length = lengthProblem(password);
  if (length) return length;
  const normalized = normalizePassword(password);
  if (madeOfContext(normalized, owner)) return CONTEXT_MESSAGE;
  if (await isBreachedPassword(normalized)) return LISTED_MESSAGE;
  return null;
}
