// What the admin forms post, checked on the server (the dialogs' own checks are
// only a convenience). No server imports: the dialogs read the phrase from here too.
import { z } from "zod";

/** Typed by hand before every session ends, so a stray click (or a forged post) cannot do it. */
export const END_ALL_PHRASE = "END ALL SESSIONS";

export const endAllForm = z.object({
  confirmation: z.literal(END_ALL_PHRASE, `Type ${END_ALL_PHRASE} to confirm.`),
});

export const id = z.string().min(1, "Missing id.").max(64, "That id is not valid.");

/** `datetime-local` gives no zone; the form says UTC, as every time on the admin pages is. */
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

export const lockForm = z.object({
  userId: id,
  reason: z
    .string()
    .trim()
    .min(1, "Say why the account is locked.")
    .max(500, "Keep the reason under 500 characters."),
  lockedUntil: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      const at = LOCAL_DATE_TIME.test(v) ? new Date(`${v}Z`) : new Date(Number.NaN);
      if (Number.isNaN(at.getTime())) {
        ctx.addIssue({ code: "custom", message: "“Locked until” is not a date and time." });
        return z.NEVER;
      }
      return at;
    }),
});

/**
 * "Lock account" and "Unlock account" post one action: each button replaces
 * the other in the same place, and a page that comes back without JavaScript
 * hands the answer only to a form of the same action.
 */
export const lockChangeForm = z.discriminatedUnion("change", [
  lockForm.extend({ change: z.literal("lock") }),
  z.object({ change: z.literal("unlock"), userId: id }),
]);
