/** The admin pages' GET filter: their fields, then "Filter". */
export function FilterForm({ children }: { children: React.ReactNode }) {
  return (
    <search>
      <form method="get" className="flex flex-wrap items-end gap-2">
        {children}
        <button
          type="submit"
          className="rounded-md border border-slate-500 px-3 py-2 font-medium hover:bg-slate-100"
        >
          Filter
        </button>
      </form>
    </search>
  );
}
