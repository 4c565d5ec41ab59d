import Link from "next/link";

/** The body of every error page: what happened in plain words, and a way on. */
export function Problem({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="mx-auto max-w-lg space-y-4">
      <h1 className="text-2xl font-bold">{title}</h1>
      <div className="text-slate-700">{children}</div>
      <Link href="/" className="font-medium text-blue-800 underline">
        Go to the home page
      </Link>
    </div>
  );
}
