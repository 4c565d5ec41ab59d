import type { Metadata } from "next";
import { DoneStatus } from "@/app/_components/done-status";
import { FilterForm } from "@/app/_components/filter-form";
import { ActionButton } from "@/app/_components/form";
import { Pager } from "@/app/_components/pager";
import { TableBox } from "@/app/_components/table-box";
import { TableHead } from "@/app/_components/table-head";
import { Time } from "@/app/_components/time";
import { retryMailAction } from "@/lib/actions/admin";
import { mailStatusFilter, pageParams } from "@/lib/admin/params";
import { listMail, MAIL_STATUSES } from "@/lib/admin/queries";
import { requireAdmin } from "@/lib/auth/current";

export const metadata: Metadata = { title: "Mail outbox" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function MailOutboxPage({ searchParams }: Props) {
  await requireAdmin();
  const params = await searchParams;
  const status = mailStatusFilter(params);
  const page = await listMail(pageParams(params), status);
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold">Mail outbox</h1>
      <p className="text-slate-700">
        What the app sent or still has to send. Bodies are not shown: until sent they hold working links, and
        they are dropped once sent.
      </p>
      <DoneStatus params={params} />
      <FilterForm>
        <label className="text-sm font-medium">
          Status
          <select
            name="status"
            defaultValue={status ?? ""}
            className="mt-1 block rounded-md border border-slate-400 px-3 py-2"
          >
            <option value="">All</option>
            {MAIL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </FilterForm>
      <TableBox label="Mail">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Mail, newest first</caption>
          <TableHead
            columns={["Queued", "To", "Subject", "Status", "Attempts", "Last error", "Sent"]}
            actions
          />
          <tbody>
            {page.rows.map((m) => (
              <tr key={m.id} className="border-t border-slate-200">
                <td className="p-2 whitespace-nowrap">
                  <Time value={m.createdAt} />
                </td>
                <td className="p-2">{m.to}</td>
                <td className="p-2">{m.subject}</td>
                <td className="p-2 font-mono">{m.status}</td>
                <td className="p-2">{m.attempts}</td>
                <td className="p-2 font-mono text-xs">{m.lastError ?? "—"}</td>
                <td className="p-2 whitespace-nowrap">{m.sentAt ? <Time value={m.sentAt} /> : "—"}</td>
                <td className="p-2">
                  {m.status === "failed" && (
                    <ActionButton
                      action={retryMailAction}
                      label="Send again"
                      accessibleName={`Send again: ${m.subject} to ${m.to}`}
                      values={{ messageId: m.id }}
                      tone="neutral"
                    />
                  )}
                </td>
              </tr>
            ))}
            {page.rows.length === 0 && (
              <tr>
                <td colSpan={8} className="p-4 text-slate-600">
                  No messages match.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </TableBox>
      <Pager path="/admin/mail" params={{ status }} next={page.next} previous={page.previous} />
    </div>
  );
}
