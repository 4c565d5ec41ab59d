// The folders under lib/ form layers: a folder imports only folders below it,
// so no two folders import each other, directly or round a longer loop. Biome
// checks the two rules a single import can break on its own (edge code imports
// only lib/edge and lib/config; nothing under lib/ imports lib/actions); this
// checks the whole graph, which no per-file rule can see.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const LIB = path.join(ROOT, "lib");

/** `lib/<folder>/…` or `lib/<file>.ts` → the folder's (or file's) name; null outside lib/. */
function unitOf(file: string): string | null {
  const rel = path.relative(LIB, file);
  if (rel.startsWith("..")) return null;
  const [first = "", ...rest] = rel.split(path.sep);
  return rest.length > 0 ? first : first.replace(/\.[cm]?[jt]sx?$/, "");
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return /\.(ts|tsx|mjs)$/.test(entry.name) && !entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

/** Every import between two lib/ units, as "from -> to" with the files that make it. */
function importsBetweenUnits(): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const file of sourceFiles(LIB)) {
    const from = unitOf(file) as string;
    const text = readFileSync(file, "utf8");
    for (const [, spec = ""] of text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
      const target = spec.startsWith("@/")
        ? path.join(ROOT, spec.slice(2))
        : spec.startsWith(".")
          ? path.resolve(path.dirname(file), spec)
          : null;
      const to = target && unitOf(target);
      if (!to || to === from) continue;
      const key = `${from} -> ${to}`;
      edges.set(key, [...(edges.get(key) ?? []), path.relative(ROOT, file)]);
    }
  }
  return edges;
}

/** The loops in the graph (strongly connected sets of more than one unit), each sorted. */
function loops(edges: Iterable<string>): string[][] {
  const next = new Map<string, string[]>();
  for (const edge of edges) {
    const [from = "", to = ""] = edge.split(" -> ");
    next.set(from, [...(next.get(from) ?? []), to]);
    if (!next.has(to)) next.set(to, []);
  }
  // Tarjan's algorithm.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const set: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        set.push(w);
      } while (w !== v);
      if (set.length > 1) found.push(set.sort());
    }
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe("lib/ folders import one way", () => {
  it("finds a loop when there is one (the check can fail)", () => {
    expect(loops(["a -> b", "b -> c", "c -> a", "c -> d"])).toEqual([["a", "b", "c"]]);
    expect(loops(["a -> b", "b -> c"])).toEqual([]);
  });

  it("no two folders under lib/ import each other, directly or round a loop", () => {
    const edges = importsBetweenUnits();
    expect(edges.size).toBeGreaterThan(50);
    const found = loops(edges.keys()).map((set) =>
      [...edges]
        .filter(([edge]) => edge.split(" -> ").every((unit) => set.includes(unit)))
        .map(([edge, files]) => `${edge} (${files.join(", ")})`),
    );
    expect(found).toEqual([]);
  });
});
