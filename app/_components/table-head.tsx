/**
 * The header row of the lists' tables. `actions` adds a last column for the
 * rows' buttons: it needs no visible title, but a screen reader still names it.
 */
export function TableHead({ columns, actions = false }: { columns: string[]; actions?: boolean }) {
  return (
    <thead className="bg-slate-100">
      <tr>
        {columns.map((c) => (
          <th key={c} scope="col" className="p-2">
            {c}
          </th>
        ))}
        {actions && (
          <th scope="col" className="p-2">
            <span className="sr-only">Actions</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
