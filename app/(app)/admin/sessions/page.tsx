import type { Metadata } from "next";
import Link from "next/link";
import { DoneStatus } from "@/app/_components/done-status";
import { Field } from "@/app/_components/fields";
import { FilterForm } from "@/app/_components/filter-form";
import { TooManyAccountsNote } from "@/app/_components/filter-note";
import { ActionButton, StatefulForm } from "@/app/_components/form";
import { Pager } from "@/app/_components/pager";
import { TableBox } from "@/app/_components/table-box";
import { TableHead } from "@/app/_components/table-head";
import { Time } from "@/app/_components/time";
import { adminDeleteAccountAction } from "@/lib/actions/account-life";
import {
  adminRevokeSessionAction,
  adminRevokeUserSessionsAction,
  changeLockAction,
  endEverySessionAction,
  setRoleAction,
} from "@/lib/actions/admin";
import { impersonateAction } from "@/lib/actions/impersonation";
import { END_ALL_PHRASE } from "@/lib/admin/forms";
import { emailFilter, pageParams } from "@/lib/admin/params";
import { findAccounts, listAllSessions } from "@/lib/admin/queries";
import { requireAdmin } from "@/lib/auth/current";
import { signInMethodLabel } from "@/lib/auth/providers";
import { formatTime } from "@/lib/ui/format";

export const metadata: Metadata = { title: "Sessions" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AdminSessionsPage({ searchParams }: Props) {
  const me = await requireAdmin();
  const params = await searchParams;
  const email = emailFilter(params);
  const [page, accounts] = await Promise.all([
    listAllSessions(pageParams(params), email),
    email ? findAccounts(email) : Promise.resolve([]),
  ]);

  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold">Sessions</h1>
      <DoneStatus params={params} />
      <FilterForm>
        <label className="text-sm font-medium">
          Filter by email
          <input
            name="email"
            type="search"
            defaultValue={email}
            maxLength={254}
            className="mt-1 block w-72 max-w-full rounded-md border border-slate-400 px-3 py-2"
          />
        </label>
      </FilterForm>

      {email && (
        <section aria-label="Accounts" className="space-y-2">
          {accounts.length === 0 && <p>No account matches “{email}”.</p>}
          {accounts.map((u) => (
            <div
              key={u.id}
              className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-white p-3"
            >
              <div className="min-w-0 flex-1 basis-64 [overflow-wrap:anywhere]">
                <p>
                  <strong>{u.email}</strong> · {u.role} · {u._count.sessions}{" "}
                  {u._count.sessions === 1 ? "session" : "sessions"}
                  {u.lock && (
                    <span className="ml-2 rounded bg-red-100 px-2 py-0.5 text-xs font-medium text-red-900">
                      Locked
                    </span>
                  )}
                </p>
                {u.lock && (
                  <p className="text-sm text-slate-700">
                    {u.lock.reason ? `Reason: ${u.lock.reason}. ` : ""}
                    Locked {u.lock.by ? `by ${u.lock.by} ` : ""}on {formatTime(u.lock.at)},{" "}
                    {u.lock.until ? `until ${formatTime(u.lock.until)}` : "until unlocked"}.
                  </p>
                )}
              </div>
              <ActionButton
                action={adminRevokeUserSessionsAction}
                label="Revoke all sessions"
                values={{ userId: u.id }}
                confirm={{
                  title: `Revoke every session of ${u.email}?`,
                  description: "Every device signed in to this account is signed out at once.",
                }}
              />
              {u.lock ? (
                <ActionButton
                  action={changeLockAction}
                  label="Unlock account"
                  values={{ userId: u.id, change: "unlock" }}
                  tone="neutral"
                />
              ) : (
                <ActionButton
                  action={changeLockAction}
                  label="Lock account"
                  values={{ userId: u.id, change: "lock" }}
                  confirm={{
                    title: `Lock ${u.email}?`,
                    description:
                      "Every device of this account is signed out and signing in is refused until the lock ends or someone unlocks it. The user gets an email.",
                    fields: (
                      <>
                        <Field label="Reason" name="reason" maxLength={500} autoFocus />
                        <Field
                          label="Locked until"
                          name="lockedUntil"
                          type="datetime-local"
                          required={false}
                          hint="UTC. Leave empty to lock until someone unlocks it."
                        />
                      </>
                    ),
                  }}
                />
              )}
              {u.id !== me.user.id && (
                <ActionButton
                  action={setRoleAction}
                  label={u.role === "admin" ? "Remove admin" : "Make admin"}
                  values={{ userId: u.id, role: u.role === "admin" ? "user" : "admin" }}
                  tone="neutral"
                />
              )}
              {u.id !== me.user.id && (
                <ActionButton
                  action={adminDeleteAccountAction}
                  label="Delete account"
                  values={{ userId: u.id }}
                  confirm={{
                    title: `Delete ${u.email}?`,
                    description:
                      "Every device of this account is signed out and the account and its data are removed for good; the audit log keeps its events without addresses. The user gets a last email.",
                    fields: <Field label="Reason" name="reason" maxLength={500} autoFocus />,
                  }}
                />
              )}
              {u.id !== me.user.id && u.role !== "admin" && !u.lock && (
                <div className="w-full sm:max-w-sm">
                  <StatefulForm
                    action={impersonateAction}
                    name={`Sign in as ${u.email}`}
                    submit="Sign in as user"
                  >
                    <input type="hidden" name="userId" value={u.id} />
                    <Field label="Reason" name="reason" maxLength={500} />
                  </StatefulForm>
                </div>
              )}
            </div>
          ))}
        </section>
      )}

      <section
        aria-label="Every session"
        className="flex flex-wrap items-center gap-3 rounded-lg border border-red-200 bg-white p-3"
      >
        <p className="min-w-0 flex-1 basis-64 text-sm">
          Signs out every user on every device at once, except your session here.
        </p>
        <ActionButton
          action={endEverySessionAction}
          label="End every session"
          confirm={{
            title: "End every session?",
            description: (
              <p>
                Everyone is signed out everywhere and must sign in again; only your session here stays. Type{" "}
                <strong>{END_ALL_PHRASE}</strong> to confirm.
              </p>
            ),
            fields: <Field label="Confirmation" name="confirmation" maxLength={64} autoFocus />,
          }}
        />
      </section>

      <TooManyAccountsNote email={email} shown={page.tooManyAccounts} />
      <TableBox label="Active sessions">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Active sessions, most recently active first</caption>
          <TableHead columns={["User", "Device", "Signed in with", "IP", "Created", "Last active"]} actions />
          <tbody>
            {page.rows.map((s) => (
              <tr key={s.id} className="border-t border-slate-200">
                <td className="p-2">
                  <Link
                    className="text-blue-800 underline"
                    href={`/admin/sessions?email=${encodeURIComponent(s.user.email)}`}
                  >
                    {s.user.email}
                  </Link>
                </td>
                <td className="p-2">
                  {s.deviceLabel ?? "Unknown device"}
                  {s.id === me.sessionId && (
                    <span className="ml-2 text-xs text-green-900">(this device)</span>
                  )}
                  {s.boundAt && <span className="ml-2 text-xs text-blue-900">Bound to this device</span>}
                </td>
                <td className="p-2">
                  {/* "Sign in as user": whose session it is, as the user's /devices says. */}
                  {s.impersonator
                    ? `Administrator (${s.impersonator.email})`
                    : signInMethodLabel(s.signInMethod)}
                </td>
                <td className="p-2">{s.ip ?? "unknown"}</td>
                <td className="p-2">
                  <Time value={s.createdAt} />
                </td>
                <td className="p-2">
                  <Time value={s.lastActiveAt} relative />
                </td>
                <td className="p-2">
                  {s.id !== me.sessionId && (
                    <ActionButton
                      action={adminRevokeSessionAction}
                      label="Revoke"
                      // Many rows, one word: the name says whose session on which device.
                      accessibleName={`Revoke ${s.deviceLabel ?? "Unknown device"} (IP ${s.ip ?? "unknown"}) of ${s.user.email}`}
                      values={{ sessionId: s.id }}
                      confirm={{
                        title: `Revoke this session of ${s.user.email}?`,
                        description: `${s.deviceLabel ?? "Unknown device"} (IP ${s.ip ?? "unknown"}) is signed out at once.`,
                      }}
                    />
                  )}
                </td>
              </tr>
            ))}
            {page.rows.length === 0 && (
              <tr>
                <td colSpan={7} className="p-4 text-slate-600">
                  No active sessions{email ? ` for “${email}”` : ""}.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </TableBox>
      <Pager path="/admin/sessions" params={{ email }} next={page.next} previous={page.previous} />
    </div>
  );
}
