"use server";

// Deleting an account: by its owner from /settings/account, by an administrator
// from /admin/sessions. Both are sensitive (step-up, never by an administrator
// signed in as the user); the work is lib/account/delete.ts.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { type DeleteOutcome, deleteAccount } from "@/lib/account/delete";
import { doneOnPage } from "@/lib/actions/done";
import { adminAction, sensitiveAction } from "@/lib/actions/validated-action";
import { id } from "@/lib/admin/forms";
import { clearCredentialCookies } from "@/lib/auth/credentials";
import { sendMailAfterResponse } from "@/lib/mail/after-response";

const REFUSED: Record<Exclude<DeleteOutcome, { ok: true }>["problem"], string> = {
  missing: "That account no longer exists.",
  last_admin: "This is the last administrator account: make someone else an administrator first.",
  impersonating: "You are signed in as this user: stop impersonating before deleting the account.",
};

const deleteOwnForm = z.object({
  confirmEmail: z.string().trim().toLowerCase().min(1, "Type your email address to confirm.").max(254),
});

export const deleteOwnAccountAction = sensitiveAction(
  deleteOwnForm,
  async ({ confirmEmail }, { session }) => {
    const { email } = session.user;
    if (confirmEmail !== email.toLowerCase())
      return { error: `That is not this account's email. Type ${email} to delete the account.` };
    const outcome = await deleteAccount(session.user.id, { by: "owner" });
    if (!outcome.ok) return { error: REFUSED[outcome.problem] };
    sendMailAfterResponse();
    // The session is gone with the account; the cookies that named it go too.
    await clearCredentialCookies();
    redirect("/login?deleted=1");
  },
);

const adminDeleteForm = z.object({
  userId: id,
  reason: z
    .string()
    .trim()
    .min(1, "Say why the account is deleted.")
    .max(500, "Keep the reason under 500 characters."),
});

export const adminDeleteAccountAction = adminAction(
  adminDeleteForm,
  async ({ userId, reason }, { session, client }) => {
    if (userId === session.user.id)
      return { error: "That is your own account: delete it from Settings, Account." };
    const outcome = await deleteAccount(userId, { by: "admin", adminId: session.user.id, reason, client });
    if (!outcome.ok) return { error: REFUSED[outcome.problem] };
    sendMailAfterResponse();
    revalidatePath("/admin/sessions");
    // The answer would go with the account's row: the page says it instead.
    return doneOnPage("account-deleted");
  },
);
