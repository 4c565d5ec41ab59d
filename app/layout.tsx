import type { Metadata } from "next";
import { sessionIfReadable } from "@/lib/auth/current";
import { ImpersonationBanner } from "./_components/impersonation-banner";
import { SiteHeader } from "./_components/site-header";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Hybrid Auth", template: "%s · Hybrid Auth" },
  description: "Database sessions you can revoke, with an encrypted edge token in front.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Signed-out header while the database is down: every page, public ones included, still renders.
  const session = await sessionIfReadable();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900">
        <SiteHeader session={session} />
        {session?.impersonator && (
          <ImpersonationBanner email={session.user.email} admin={session.impersonator.email} />
        )}
        <main className="mx-auto max-w-5xl px-4 py-8">{children}</main>
      </body>
    </html>
  );
}
