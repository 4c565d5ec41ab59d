import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { Time } from "@/app/_components/time";
import { devMailboxOpen, findMailboxMessage } from "@/lib/mail/mailbox";

export const metadata: Metadata = { title: "Mailbox", robots: { index: false } };

export default async function MailboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  if (!devMailboxOpen()) notFound();
  const { id } = await params;
  const message = id.length <= 64 ? await findMailboxMessage(id) : null;
  if (!message) notFound();
  return (
    <article className="space-y-6">
      <Link href="/dev/mailbox" className="text-sm font-medium text-blue-800 underline">
        Back to the mailbox
      </Link>
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">{message.subject}</h1>
        <p className="text-sm text-slate-700">
          To {message.to} · <Time value={message.createdAt} />
        </p>
      </header>
      {/* Our own template's HTML: every value in it was escaped when it was written (lib/mail/templates.ts). */}
      <div
        className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 [&_a]:text-blue-800 [&_a]:underline"
        // biome-ignore lint/security/noDangerouslySetInnerHtml: the app's own escaped template, shown as the recipient would see it
        dangerouslySetInnerHTML={{ __html: bodyOf(message.html) }}
      />
      <details>
        <summary className="cursor-pointer text-sm text-slate-700">Plain-text part</summary>
        <pre className="mt-2 whitespace-pre-wrap rounded-lg border border-slate-200 bg-white p-4 text-sm">
          {message.text}
        </pre>
      </details>
    </article>
  );
}

/** The part between <body> and </body>: the document's head and title do not belong inside a page. */
function bodyOf(html: string): string {
  return html.match(/<body>([\s\S]*)<\/body>/)?.[1] ?? "";
}
