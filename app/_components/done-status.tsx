import { doneMessage } from "@/lib/ui/done";

/**
 * Where a page says what an action did when the action's own answer went with
 * the row it removed (lib/ui/done.ts): above the list, so it outlives every row.
 */
export function DoneStatus({ params }: { params: Record<string, string | string[] | undefined> }) {
  const message = doneMessage(params);
  if (!message) return null;
  return (
    <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">
      {message}
    </p>
  );
}
