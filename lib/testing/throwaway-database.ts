// A PostgreSQL database that exists for one test run or benchmark, next to the
// server's URL given, and is dropped (connections and all) afterwards.
import { randomBytes } from "node:crypto";
import pg from "pg";

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const url = new URL(serverUrl);
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function dropDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  return onServer(url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

export async function createThrowawayDatabase(serverUrl: string, prefix: string) {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  await onServer(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => dropDatabase(url.toString()) };
}
