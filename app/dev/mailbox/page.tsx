import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { Time } from "@/app/_components/time";
import { devMailboxOpen, listMailbox } from "@/lib/mail/mailbox";

export const metadata: Metadata = { title: "Mailbox", robots: { index: false } };

export default async function MailboxPage() {
  // Decided per request from how our server runs, never at build time.
  await connection();
  if (!devMailboxOpen()) notFound();
  const messages = await listMailbox();
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold">Mailbox</h1>
      <p className="text-slate-700">
        No <code>SMTP_URL</code> is set, so mail the app sends stays here instead (this server listens on this
        machine only). Newest first.
      </p>
      {messages.length === 0 ? (
        <p className="text-slate-600">No mail yet.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {messages.map((m) => (
            <li key={m.id}>
              <Link href={`/dev/mailbox/${m.id}`} className="block p-4 hover:bg-slate-50">
                <span className="block font-semibold">{m.subject}</span>
                <span className="block text-sm text-slate-700">
                  To {m.to} · <Time value={m.createdAt} />
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
