import type { Metadata } from "next";
import { Field } from "@/app/_components/fields";
import { ActionButton } from "@/app/_components/form";
import { deleteOwnAccountAction } from "@/lib/actions/account-life";
import { requireSession } from "@/lib/auth/current";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const session = await requireSession();
  const { email } = session.user;
  return (
    <div className="mx-auto max-w-xl space-y-8">
      <h1 className="text-2xl font-bold">Account</h1>
      <section aria-labelledby="your-data" className="space-y-3">
        <h2 id="your-data" className="text-xl font-semibold">
          Your data
        </h2>
        <p className="text-slate-700">
          A JSON file with your profile, the devices signed in now, the browsers you signed in from, your
          connected accounts, your passkeys (names and dates) and your security activity. It holds no
          password, key or token.
        </p>
        {/* A plain link: the file is a download, not a page the client router could render. */}
        <a
          href="/settings/account/export"
          download
          className="inline-block rounded-md border border-slate-500 px-3 py-1 text-sm font-medium text-slate-800 hover:bg-slate-100"
        >
          Download my data
        </a>
      </section>
      <section aria-labelledby="delete-account" className="space-y-3">
        <h2 id="delete-account" className="text-xl font-semibold">
          Delete account
        </h2>
        <p className="text-slate-700">
          Deleting the account signs out every device at once and removes your profile, sign-in methods,
          devices and messages. The security log keeps what was done, without your address, IP addresses or
          devices. This cannot be undone.
        </p>
        <ActionButton
          action={deleteOwnAccountAction}
          label="Delete account"
          confirm={{
            title: "Delete your account?",
            description: (
              <p>
                Every device is signed out and the account is gone for good. Type <strong>{email}</strong> to
                confirm.
              </p>
            ),
            fields: (
              <Field label="Confirm email" name="confirmEmail" type="email" autoComplete="off" autoFocus />
            ),
          }}
        />
      </section>
    </div>
  );
}
