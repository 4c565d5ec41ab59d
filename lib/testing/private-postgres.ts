// A PostgreSQL 15 cluster of a test's own, made with the server's initdb and
// pg_ctl on a free loopback port, so a test can stop and start the database
// under a running app (the shared service on 5432 must never be stopped). The
// server refuses to run as root: everything runs as the `postgres` user, in a
// temporary folder it owns.
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./free-port";

const BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

/** Whether this machine has the server binaries (Debian's postgresql-15; PG_BIN points elsewhere). */
export function havePostgresServer(): boolean {
  return existsSync(path.join(BIN, "initdb")) && existsSync(path.join(BIN, "pg_ctl"));
}

export type PrivatePostgres = {
  /** postgresql://postgres@127.0.0.1:PORT/postgres; add a database of your own with createDatabase. */
  url: (database?: string) => string;
  port: number;
  start: () => void;
  /** Fast shutdown: open connections are terminated (57P01), as in a failover or a restart. */
  stop: () => void;
  /** Stops the server and removes its files. */
  destroy: () => void;
};

function asPostgres(args: string[]): string {
  const uid = process.getuid?.();
  const [cmd, ...rest] = args as [string, ...string[]];
  // As root, drop to postgres (initdb and postgres refuse root); otherwise we are presumably postgres already.
  const [file, argv] = uid === 0 ? ["runuser", ["-u", "postgres", "--", cmd, ...rest]] : [cmd, rest];
  return execFileSync(file, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function postgresIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), "hybrid-auth-pg-"));
  if (process.getuid?.() === 0) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, "data");
  const port = await freePort();
  asPostgres([`${BIN}/initdb`, "-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () => {
    asPostgres([
      `${BIN}/pg_ctl`,
      "-D",
      data,
      "-o",
      options,
      "-l",
      path.join(dir, "server.log"),
      "-w",
      "start",
    ]);
  };
  const stop = () => {
    asPostgres([`${BIN}/pg_ctl`, "-D", data, "-m", "fast", "-w", "stop"]);
  };
  start();
  return {
    port,
    url: (database = "postgres") => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    start,
    stop,
    destroy: () => {
      try {
        stop();
      } catch {
        // Already stopped.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
