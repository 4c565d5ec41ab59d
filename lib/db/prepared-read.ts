// The read every request makes (the session lookup) goes to the driver directly,
// prepared once per connection. Through Prisma's $queryRaw the same one-row join
// cost 352 us of CPU a call on SQLite against 8 us for a prepared better-sqlite3
// statement, and 504 us on PostgreSQL against 111 us for a named pg statement
// (3,000 calls each, 2 cores). Everything else goes through Prisma.
import pg from "pg";
import { driver } from "./client";

type Param = string | number | null;
/** Prisma stores DateTime as UTC without a zone on PostgreSQL (`timestamp(3)`); pg would read it as local time. */
const utcTimestamp = (value: string) => new Date(`${value.replace(" ", "T")}Z`);

const pgTypes = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === pg.types.builtins.TIMESTAMP
      ? utcTimestamp
      : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

/**
 * A one-row read written with PostgreSQL's `$1` placeholders (SQLite gets `?`).
 * DateTime columns come back as Date on both databases. `name` names the
 * server-side prepared statement on PostgreSQL and must be unique per SQL text.
 */
export function preparedRead<Row>(
  name: string,
  sql: string,
): (...params: Param[]) => Promise<Row | undefined> {
  if (driver.provider === "postgresql") {
    const { pool } = driver;
    return async (...values) =>
      (await pool.query({ name, text: sql, values, types: pgTypes })).rows[0] as Row | undefined;
  }
  const { reader } = driver;
  let prepared: { get: (...values: Param[]) => unknown; dateColumns: string[] } | undefined;
  return async (...values) => {
    if (!prepared) {
      // better-sqlite3 binds `?` by position: repeat values where a placeholder repeats.
      const order = [...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]) - 1);
      const statement = reader().prepare(sql.replace(/\$\d+/g, "?"));
      const dateColumns = statement
        .columns()
        .filter((c) => c.type?.toUpperCase() === "DATETIME")
        .map((c) => c.name);
      prepared = { get: (...v) => statement.get(...order.map((i) => v[i])), dateColumns };
    }
    const row = prepared.get(...values) as Record<string, unknown> | undefined;
    if (!row) return undefined;
    for (const column of prepared.dateColumns) {
      const value = row[column];
      // Prisma writes ISO 8601 with an offset (its default timestampFormat).
      if (typeof value === "string") row[column] = new Date(value);
    }
    return row as Row;
  };
}
