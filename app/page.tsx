import Link from "next/link";

export default function Home() {
  return (
    <div className="max-w-3xl space-y-6">
      <h1 className="text-3xl font-bold">Sessions you can actually end</h1>
      <p className="text-lg text-slate-700">
        This app shows hybrid authentication for Next.js. Every page and action checks a session stored in the
        database through Auth.js, so a session you revoke is gone on the next click. In front of that,
        middleware on the edge admits requests with a short-lived encrypted token, without touching the
        database.
      </p>
      <ul className="list-disc space-y-1 pl-6 text-slate-700">
        <li>See every device you are signed in on, and sign any of them out.</li>
        <li>Administrators see all sessions, end them, lock accounts and read the audit log.</li>
        <li>Idle and absolute timeouts, hashed session tokens, and an audit trail of every change.</li>
      </ul>
      <div className="flex gap-3">
        <Link
          href="/signup"
          className="rounded-md bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800"
        >
          Create account
        </Link>
        <Link
          href="/login"
          className="rounded-md border border-slate-400 px-4 py-2 font-semibold hover:bg-slate-100"
        >
          Sign in
        </Link>
      </div>
    </div>
  );
}
