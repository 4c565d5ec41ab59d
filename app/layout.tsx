import type { Metadata } from "next";
import Link from "next/link";
import { signOutAction } from "@/lib/auth/actions";
import { sessionIfReadable } from "@/lib/auth/current";
import { signInProviders } from "@/lib/auth/providers";
import { ImpersonationBanner } from "./_components/impersonation-banner";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Hybrid Auth", template: "%s · Hybrid Auth" },
  description: "Database sessions you can revoke, with an encrypted edge token in front.",
};

const navLink = "rounded px-2 py-1 text-slate-700 hover:bg-slate-100 hover:text-slate-900";

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Signed-out header while the database is down: every page, public ones included, still renders.
  const session = await sessionIfReadable();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900">
        <header className="border-b border-slate-200 bg-white">
          <nav aria-label="Main" className="mx-auto flex max-w-5xl flex-wrap items-center gap-2 px-4 py-3">
            <Link href="/" className="mr-4 font-bold text-slate-900">
              Hybrid Auth
            </Link>
            {session ? (
              <>
                <Link className={navLink} href="/dashboard">
                  Dashboard
                </Link>
                <Link className={navLink} href="/devices">
                  Devices
                </Link>
                <Link className={navLink} href="/settings/password">
                  Password
                </Link>
                <Link className={navLink} href="/settings/email">
                  Email
                </Link>
                <Link className={navLink} href="/settings/passkeys">
                  Passkeys
                </Link>
                <Link className={navLink} href="/settings/two-factor">
                  Two-factor
                </Link>
                <Link className={navLink} href="/settings/activity">
                  Activity
                </Link>
                {signInProviders().length > 0 && (
                  <Link className={navLink} href="/settings/accounts">
                    Connected accounts
                  </Link>
                )}
                {session.user.role === "admin" && (
                  <>
                    <Link className={navLink} href="/admin/sessions">
                      Sessions
                    </Link>
                    <Link className={navLink} href="/admin/audit">
                      Audit log
                    </Link>
                    <Link className={navLink} href="/admin/mail">
                      Mail
                    </Link>
                  </>
                )}
                <span className="ml-auto text-sm text-slate-600">{session.user.email}</span>
                <form action={signOutAction}>
                  <button
                    type="submit"
                    className="rounded-md border border-slate-400 px-3 py-1 text-sm font-medium hover:bg-slate-100"
                  >
                    Sign out
                  </button>
                </form>
              </>
            ) : (
              <>
                <Link className={`${navLink} ml-auto`} href="/login">
                  Sign in
                </Link>
                <Link className={navLink} href="/signup">
                  Create account
                </Link>
              </>
            )}
          </nav>
        </header>
        {session?.impersonator && (
          <ImpersonationBanner email={session.user.email} admin={session.impersonator.email} />
        )}
        <main className="mx-auto max-w-5xl px-4 py-8">{children}</main>
      </body>
    </html>
  );
}
