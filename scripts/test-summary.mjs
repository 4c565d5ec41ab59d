// Sums the JSON reports of every runner into the one closing line CI reads:
// "N passed, N failed" (", N skipped" when any were). The static checks count
// as one test each, so a type error cannot hide behind green test runners.
// Before it: each step's wall time (.reports/steps.tsv, written by
// scripts/test-all.sh) and the slowest tests, so a slow test is seen when it lands.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const dir = process.argv[2] ?? ".reports";
const SLOWEST = { e2e: 10, integration: 5 };
let passed = Number(process.env.CHECKS_PASSED ?? 0);
let failed = Number(process.env.CHECKS_FAILED ?? 0);
let skipped = 0;
/** [milliseconds, "file › title"] of every test that ran, by kind of runner. */
const durations = { e2e: [], integration: [] };

/** Every test of a Playwright report, with its suites' files. */
function* playwrightTests(suite) {
  for (const child of suite.suites ?? []) yield* playwrightTests(child);
  for (const spec of suite.specs ?? []) for (const test of spec.tests) yield { spec, test };
}

for (const file of existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")) : []) {
  const report = JSON.parse(readFileSync(path.join(dir, file), "utf8"));
  if ("numPassedTests" in report) {
    // Vitest
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    // A file that failed to load has no tests but must still count as a failure.
    failed += report.testResults.filter(
      (r) => r.status === "failed" && r.assertionResults.length === 0,
    ).length;
    for (const r of report.testResults)
      for (const a of r.assertionResults)
        if (typeof a.duration === "number")
          durations.integration.push([
            a.duration,
            `${path.relative(process.cwd(), r.name)} › ${a.fullName ?? a.title}`,
          ]);
  } else if (report.stats) {
    // Playwright
    passed += report.stats.expected + report.stats.flaky;
    failed += report.stats.unexpected;
    skipped += report.stats.skipped;
    if (report.errors?.length) failed += report.errors.length;
    for (const suite of report.suites ?? [])
      for (const { spec, test } of playwrightTests(suite))
        for (const result of test.results)
          durations.e2e.push([
            result.duration,
            `${spec.file} › ${spec.title}${result.status === "passed" ? "" : ` (${result.status})`}`,
          ]);
  }
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const steps = path.join(dir, "steps.tsv");
if (existsSync(steps)) {
  console.log("Wall time of each step:");
  for (const line of readFileSync(steps, "utf8").split("\n").filter(Boolean)) {
    const [name, secs, outcome] = line.split("\t");
    const s = Number(secs);
    console.log(
      `  ${`${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`.padStart(7)}  ${name}${outcome === "ok" ? "" : ` (${outcome})`}`,
    );
  }
}
for (const [kind, list] of Object.entries(durations)) {
  if (!list.length) continue;
  console.log(`Slowest ${Math.min(SLOWEST[kind], list.length)} ${kind} tests:`);
  for (const [ms, name] of list.sort((a, b) => b[0] - a[0]).slice(0, SLOWEST[kind]))
    console.log(`  ${seconds(ms).padStart(8)}  ${name}`);
}

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
