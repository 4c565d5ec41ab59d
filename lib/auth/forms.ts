// Input rules for the auth forms, shared by the actions and their tests.
import { z } from "zod";
import { lengthProblem, PASSWORD_MAX_LENGTH } from "./password-policy";

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long.")
  .pipe(z.email("Enter a valid email address."));

/**
 * The length rule of lib/auth/password-policy.ts; the lists and context words are
 * checked where the password is set, which knows whose it is.
 */
export const newPassword = z.string().superRefine((password, ctx) => {
  const problem = lengthProblem(password);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** A password typed to sign in or confirm: any that could have been set (an emoji is two UTF-16 units). */
export const typedPassword = (message: string) =>
  z
    .string()
    .min(1, message)
    .max(2 * PASSWORD_MAX_LENGTH);

// Any origin will do: only whether a target stays on it matters.
const ORIGIN = "http://same-origin.invalid";
const MAX_NEXT_LENGTH = 1024;
// Escaped "/", "\\", "%" and control characters: harmless to a browser, but anything
// that decodes the path once more (a proxy, another redirect) would see "//" again.
const ESCAPED_SEPARATORS = /%(2f|5c|25|[01][0-9a-f]|7f)/i;

// Browsers drop tabs and newlines from URLs ("/\t/evil.example" is "//evil.example")
// and read "\" as "/": neither has a place in a target we hand out.
function hasUnsafeChar(target: string): boolean {
  return [...target].some((c) => c === "\\" || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}

/** What a browser makes of a Location of `target` on our origin: a path, or null if it leaves it. */
function resolveOnOrigin(target: string): { path: string; pathname: string } | null {
  try {
    const url = new URL(target, ORIGIN);
    return url.origin === ORIGIN
      ? { path: url.pathname + url.search + url.hash, pathname: url.pathname }
      : null;
  } catch {
    return null;
  }
}

/**
 * Same-origin paths only: "/x" but not "//evil.example", "/\\evil.example" or
 * "/a/..//evil.example". Dot segments (also "%2e") are resolved first, and the
 * result is what gets checked, because the result is what the browser follows.
 */
export function safeNextPath(next: string | null | undefined, fallback = "/dashboard"): string {
  if (!next?.startsWith("/") || next.length > MAX_NEXT_LENGTH || hasUnsafeChar(next)) return fallback;
  const resolved = resolveOnOrigin(next);
  if (!resolved || ESCAPED_SEPARATORS.test(resolved.pathname)) return fallback;
  // The browser reads what we return once more: it must stay this very path on this origin
  // ("/a/..//evil.example" resolves to "//evil.example", which is another host).
  return resolveOnOrigin(resolved.path)?.path === resolved.path ? resolved.path : fallback;
}

export const signInForm = z.object({
  email,
  password: typedPassword("Enter your password."),
  next: z.string().optional(),
});

export const signUpForm = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(100, "Use at most 100 characters for the name."),
  email,
  password: newPassword,
});

export const changePasswordForm = z.object({
  currentPassword: typedPassword("Enter your current password."),
  newPassword,
});

export const forgotPasswordForm = z.object({ email });

/** A link's token as posted back by its page; its format is checked by the lookup. */
const linkToken = z.string().min(1, "The link is incomplete.").max(100, "The link is not valid.");

export const tokenForm = z.object({ token: linkToken });

export const resetPasswordForm = z.object({ token: linkToken, newPassword });

export const changeEmailForm = z.object({
  newEmail: email,
  currentPassword: typedPassword("Enter your current password."),
});
