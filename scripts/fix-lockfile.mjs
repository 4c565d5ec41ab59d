#!/usr/bin/env node
// The registry these lockfiles are written against serves only linux builds of
// platform packages (Next's SWC, Tailwind's oxide, Biome's CLI), so `npm install`
// leaves the other platforms' optional dependencies out of package-lock.json and
// `npm ci` then refuses the lock. This adds an entry for each missing one, with
// os/cpu read from its name so users' npm picks the right build.
// Run after every `npm install` (it is idempotent): node scripts/fix-lockfile.mjs
import { readFileSync, writeFileSync } from "node:fs";

const OS = ["darwin", "linux", "win32", "android", "freebsd", "openbsd", "netbsd", "sunos", "aix"];
const CPU = ["arm64", "x64", "arm", "ia32", "wasm32", "ppc64", "s390x", "riscv64", "loong64", "mips64el"];

export function platformOf(name) {
  const parts = name.split("/").pop().split("-");
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.find((p) => CPU.includes(p));
  const libc = parts.includes("musl")
    ? "musl"
    : parts.includes("gnu") && os === "linux"
      ? "glibc"
      : undefined;
  return { os, cpu, libc };
}

export function fixLock(lock) {
  const added = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
      const nested = `${path ? `${path}/` : ""}node_modules/${name}`;
      if (lock.packages[`node_modules/${name}`] || lock.packages[nested]) continue;
      const { os, cpu, libc } = platformOf(name);
      lock.packages[`node_modules/${name}`] = {
        version,
        optional: true,
        ...(os && { os: [os] }),
        ...(cpu && { cpu: [cpu] }),
        ...(libc && { libc: [libc] }),
      };
      added.push(`${name}@${version}`);
    }
  }
  return added;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = new URL("../package-lock.json", import.meta.url);
  const lock = JSON.parse(readFileSync(file, "utf8"));
  const added = fixLock(lock);
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(
    added.length
      ? `fix-lockfile: added ${added.length} platform entries`
      : "fix-lockfile: lock already complete",
  );
}
