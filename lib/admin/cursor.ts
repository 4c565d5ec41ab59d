// Keyset pagination over (time desc, id desc): a page never shifts when rows are
// added, and each page is one indexed range scan however deep it is.
export type Cursor = { at: Date; id: string };
export type PageRequest = { after?: Cursor; before?: Cursor };

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.at.toISOString(), c.id])).toString("base64url");
}

export function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (!raw || raw.length > 200) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    const date = new Date(at);
    if (typeof id !== "string" || Number.isNaN(date.getTime())) return undefined;
    return { at: date, id };
  } catch {
    return undefined;
  }
}

/**
 * The Prisma `where` and `orderBy` for one page over the column `field`. The
 * condition is written as a range on `field` minus the ties already shown, so
 * SQLite and PostgreSQL answer it from the (field) index instead of a scan.
 */
export function pageQuery<F extends string>(field: F, page: PageRequest) {
  const c = page.before ?? page.after;
  const [range, ties] = page.before ? (["gte", "lte"] as const) : (["lte", "gte"] as const);
  const where = c ? { [field]: { [range]: c.at }, NOT: { [field]: c.at, id: { [ties]: c.id } } } : {};
  const dir = page.before ? ("asc" as const) : ("desc" as const);
  return { where, orderBy: [{ [field]: dir }, { id: dir }] as { [k in F | "id"]?: "asc" | "desc" }[] };
}

/**
 * Turns `size + 1` fetched rows into a page plus the cursors of its neighbours.
 * Rows fetched backwards (for "Previous") are put back in newest-first order.
 */
export function toPage<T extends { id: string }>(
  rows: T[],
  size: number,
  page: PageRequest,
  at: (row: T) => Date,
): { rows: T[]; next?: string; previous?: string } {
  const more = rows.length > size;
  const items = rows.slice(0, size);
  if (page.before) items.reverse();
  const first = items[0];
  const last = items.at(-1);
  const cursor = (row: T | undefined) => (row ? encodeCursor({ at: at(row), id: row.id }) : undefined);
  const hasNext = page.before ? true : more;
  const hasPrevious = page.before ? more : Boolean(page.after);
  return {
    rows: items,
    next: hasNext ? cursor(last) : undefined,
    previous: hasPrevious ? cursor(first) : undefined,
  };
}
