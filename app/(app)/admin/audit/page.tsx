import type { Metadata } from "next";
import { FilterForm } from "@/app/_components/filter-form";
import { TooManyAccountsNote } from "@/app/_components/filter-note";
import { Pager } from "@/app/_components/pager";
import { TableBox } from "@/app/_components/table-box";
import { TableHead } from "@/app/_components/table-head";
import { Time } from "@/app/_components/time";
import { actionFilter, emailFilter, pageParams } from "@/lib/admin/params";
import { listAuditEvents } from "@/lib/admin/queries";
import { AUDIT_ACTIONS } from "@/lib/audit";
import { requireAdmin } from "@/lib/auth/current";

export const metadata: Metadata = { title: "Audit log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditPage({ searchParams }: Props) {
  await requireAdmin();
  const params = await searchParams;
  const email = emailFilter(params);
  const action = actionFilter(params);
  const page = await listAuditEvents(pageParams(params), { email, action });
  const who = (id: string | null) => (id ? (page.emails.get(id) ?? `deleted user ${id.slice(0, 8)}`) : "—");

  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold">Audit log</h1>
      <FilterForm>
        <label className="text-sm font-medium">
          Filter by email
          <input
            name="email"
            type="search"
            defaultValue={email}
            maxLength={254}
            className="mt-1 block w-64 rounded-md border border-slate-400 px-3 py-2"
          />
        </label>
        <label className="text-sm font-medium">
          Action
          <select
            name="action"
            defaultValue={action ?? ""}
            className="mt-1 block rounded-md border border-slate-400 px-3 py-2"
          >
            <option value="">All actions</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
      </FilterForm>
      <TooManyAccountsNote email={email} shown={page.tooManyAccounts} />
      <TableBox label="Audit events">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Audit events, newest first</caption>
          <TableHead columns={["Time", "Actor", "Action", "Target user", "Session", "IP"]} />
          <tbody>
            {page.rows.map((e) => (
              <tr key={e.id} className="border-t border-slate-200">
                <td className="p-2 whitespace-nowrap">
                  <Time value={e.createdAt} />
                </td>
                <td className="p-2">{who(e.actorUserId)}</td>
                <td className="p-2 font-mono">{e.action}</td>
                <td className="p-2">{who(e.targetUserId)}</td>
                <td className="p-2 font-mono text-xs">{e.sessionId ?? "—"}</td>
                <td className="p-2">{e.ip ?? "—"}</td>
              </tr>
            ))}
            {page.rows.length === 0 && (
              <tr>
                <td colSpan={6} className="p-4 text-slate-600">
                  No events match.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </TableBox>
      <Pager path="/admin/audit" params={{ email, action }} next={page.next} previous={page.previous} />
    </div>
  );
}
