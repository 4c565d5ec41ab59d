import type { Metadata } from "next";
import { Field } from "@/app/_components/fields";
import { StatefulForm } from "@/app/_components/form";
import { changeEmailAction } from "@/lib/actions/account";
import { requireSession } from "@/lib/auth/current";

export const metadata: Metadata = { title: "Change email" };

export default async function EmailPage() {
  const session = await requireSession();
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-bold">Change email</h1>
      <p className="text-slate-700">
        You sign in with {session.user.email}. We send a link to the new address; it replaces this one when
        you open the link, and we tell this address too.
      </p>
      <StatefulForm action={changeEmailAction} name="Change email" submit="Change email">
        <Field label="New email" name="newEmail" type="email" autoComplete="email" />
        <Field
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
        />
      </StatefulForm>
    </div>
  );
}
