// Which database the app talks to, decided by DATABASE_URL alone. Shared by the
// app (lib/db/client.ts), prisma.config.ts and the scripts, so they never disagree.
import path from "node:path";

export type DatabaseTarget =
  | { provider: "sqlite"; url: string; file: string }
  | { provider: "postgresql"; url: string };

export const DEFAULT_DATABASE_URL = "file:./data/app.db";

export class DatabaseUrlError extends Error {}

/** Relative SQLite paths are resolved against `root` (the project folder). */
export function databaseTarget(raw: string | undefined, root = process.cwd()): DatabaseTarget {
  const url = raw?.trim() || DEFAULT_DATABASE_URL;
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new DatabaseUrlError(
        "DATABASE_URL is not a valid PostgreSQL URL (postgresql://user:password@host:5432/db)",
      );
    }
    return { provider: "postgresql", url };
  }
  if (url.startsWith("file:")) {
    const rest = url.slice("file:".length).split("?")[0] ?? "";
    if (!rest) throw new DatabaseUrlError("DATABASE_URL file: URL has no path (e.g. file:./data/app.db)");
    const file = path.resolve(root, rest);
    return { provider: "sqlite", url: `file:${file}`, file };
  }
  throw new DatabaseUrlError(
    "DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL); unset it for the default file:./data/app.db",
  );
}
