// Input rules for the auth forms, shared by the actions and their tests.
import { z } from "zod";
import { PASSWORD_MAX_BYTES, PASSWORD_MIN_LENGTH } from "./password";

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long.")
  .pipe(z.email("Enter a valid email address."));

export const newPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters for the password.`)
  .refine(
    (p) => new TextEncoder().encode(p).length <= PASSWORD_MAX_BYTES,
    `Use at most ${PASSWORD_MAX_BYTES} bytes for the password.`,
  );

/** Same-origin paths only: "/x" but not "//evil.example" or "/\\evil.example". */
export function safeNextPath(next: string | null | undefined, fallback = "/dashboard"): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  // Browsers drop tabs and newlines from URLs, so "/\t/evil.example" would become "//evil.example".
  if (next.length > 1024 || [...next].some((c) => c.charCodeAt(0) < 0x20)) return fallback;
  try {
    const url = new URL(next, "http://localhost");
    if (url.origin !== "http://localhost") return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}

export const signInForm = z.object({
  email,
  password: z.string().min(1, "Enter your password.").max(1024),
  next: z.string().optional(),
});

export const signUpForm = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(100, "Use at most 100 characters for the name."),
  email,
  password: newPassword,
});

export const changePasswordForm = z.object({
  currentPassword: z.string().min(1, "Enter your current password.").max(1024),
  newPassword,
});
