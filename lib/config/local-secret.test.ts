import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { ensureLocalSecret, LOCAL_SECRET_FILE } from "./local-secret";

const run = promisify(execFile);
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "local-secret-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A separate process, as `npm start`, the seed and each instance are. */
async function secretOfNewProcess(root: string, at: number): Promise<string> {
  const env = { ...process.env };
  delete env.AUTH_SECRET;
  // Loaded first, then called at one moment shared by all: the race is on the file, not on startup.
  const code = `import("${path.resolve("lib/config/local-secret.ts")}").then((m) => setTimeout(() => process.stdout.write(m.ensureLocalSecret(${JSON.stringify(root)})), ${at} - Date.now()))`;
  const { stdout } = await run(process.execPath, ["--import", "tsx", "-e", code], { env });
  return stdout;
}

describe("ensureLocalSecret", () => {
  it("gives processes that start at the same time one secret, the one kept on disk", async () => {
    const root = tempDir();
    const at = Date.now() + 3000;
    const secrets = await Promise.all(Array.from({ length: 6 }, () => secretOfNewProcess(root, at)));
    expect(new Set(secrets).size).toBe(1);
    expect(secrets[0]).toMatch(/^[\w-]{43}$/);
    expect(readFileSync(path.join(root, LOCAL_SECRET_FILE), "utf8").trim()).toBe(secrets[0]);
    expect(readdirSync(root)).toEqual([LOCAL_SECRET_FILE]);
  });

  it("refuses an empty secret file instead of signing with an empty key", () => {
    const root = tempDir();
    writeFileSync(path.join(root, LOCAL_SECRET_FILE), "\n");
    const saved = process.env.AUTH_SECRET;
    delete process.env.AUTH_SECRET;
    try {
      expect(() => ensureLocalSecret(root)).toThrow(/is empty/);
    } finally {
      // Assigning undefined would store the string "undefined".
      if (saved === undefined) delete process.env.AUTH_SECRET;
      else process.env.AUTH_SECRET = saved;
    }
  });
});
