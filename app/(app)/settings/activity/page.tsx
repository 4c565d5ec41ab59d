import type { Metadata } from "next";
import { Pager } from "@/app/_components/pager";
import { TableBox } from "@/app/_components/table-box";
import { TableHead } from "@/app/_components/table-head";
import { Time } from "@/app/_components/time";
import { listOwnActivity } from "@/lib/activity/events";
import { pageParams } from "@/lib/admin/params";
import { requireSession } from "@/lib/auth/current";

export const metadata: Metadata = { title: "Security activity" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ActivityPage({ searchParams }: Props) {
  const session = await requireSession();
  const page = await listOwnActivity(session.user.id, pageParams(await searchParams));
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold">Security activity</h1>
      <p className="text-slate-700">
        Sign-ins, failed attempts, devices signed out and changes to your account, newest first. Something you
        do not recognise? Change your password and sign out the devices you do not know.
      </p>
      <TableBox label="Security events">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Your security events, newest first</caption>
          <TableHead columns={["Time", "Event", "By", "Device", "IP"]} />
          <tbody>
            {page.rows.map((e) => (
              <tr key={e.id} className="border-t border-slate-200">
                <td className="p-2 whitespace-nowrap">
                  <Time value={e.at} />
                </td>
                <td className="p-2">{e.what}</td>
                <td className="p-2">{e.by}</td>
                <td className="p-2">{e.device}</td>
                <td className="p-2">{e.ip}</td>
              </tr>
            ))}
            {page.rows.length === 0 && (
              <tr>
                <td colSpan={5} className="p-4 text-slate-600">
                  No events yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </TableBox>
      <Pager path="/settings/activity" params={{}} next={page.next} previous={page.previous} />
    </div>
  );
}
