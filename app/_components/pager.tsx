import Link from "next/link";

/** "Previous" / "Next" links that keep the page's other query parameters. */
export function Pager({
  path,
  params,
  next,
  previous,
}: {
  path: string;
  params: Record<string, string | undefined>;
  next?: string;
  previous?: string;
}) {
  const href = (cursor: Record<string, string>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...params, ...cursor })) if (v) q.set(k, v);
    return `${path}?${q}`;
  };
  const link = "rounded-md border border-slate-400 px-3 py-1 font-medium hover:bg-slate-100";
  return (
    <nav aria-label="Pagination" className="flex gap-3">
      {previous && (
        <Link className={link} href={href({ before: previous })}>
          Previous
        </Link>
      )}
      {next && (
        <Link className={link} href={href({ after: next })}>
          Next
        </Link>
      )}
    </nav>
  );
}
