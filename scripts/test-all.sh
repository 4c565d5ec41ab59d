#!/usr/bin/env bash
# `npm test`: every check, in the order that fails fastest. Integration tests run
# on SQLite, and again on PostgreSQL when TEST_DATABASE_URL is set. Ends with one
# line "N passed, N failed" summing every runner.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
mkdir -p .reports
rm -f .reports/*.json .reports/steps.tsv

status=0
checks_passed=0
checks_failed=0
# Each step's wall time goes to .reports/steps.tsv, which scripts/test-summary.mjs prints.
step() {
  local name=$1
  shift
  echo "::: $name"
  local started=$SECONDS ok=0
  "$@" || ok=1
  printf '%s\t%s\t%s\n' "$name" "$((SECONDS - started))" "$([ $ok = 0 ] && echo ok || echo FAILED)" >>.reports/steps.tsv
  if [ $ok = 0 ]; then echo "::: $name ok"; return 0; fi
  echo "::: $name FAILED"
  status=1
  return 1
}
# A static check counts as one test in the closing line.
check() {
  if step "$@"; then checks_passed=$((checks_passed + 1)); else checks_failed=$((checks_failed + 1)); fi
}

check "type check" npx tsc --noEmit
check "lint" npx biome ci .
step "integration (SQLite)" npx vitest run --reporter=default --reporter=json --outputFile=.reports/vitest-sqlite.json
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  # The schema-engine tests cover both databases in the first run already.
  step "integration (PostgreSQL)" env TEST_DB_PROVIDER=postgresql npx vitest run --exclude "prisma/engine/**" --reporter=default --reporter=json --outputFile=.reports/vitest-postgres.json
else
  echo "::: integration (PostgreSQL) skipped: TEST_DATABASE_URL is not set"
fi
check "build" npx next build
# A fresh machine has no browser for the e2e step: install Playwright's own unless
# a system Chromium is where playwright.config.ts looks, or it is installed already.
have_chromium() {
  local p
  for p in "${PLAYWRIGHT_CHROMIUM_PATH:-}" /usr/lib/chromium/chromium /usr/bin/chromium; do
    if [ -n "$p" ] && [ -e "$p" ]; then return 0; fi
  done
  node -e 'process.exit(require("node:fs").existsSync(require("@playwright/test").chromium.executablePath()) ? 0 : 1)'
}
have_chromium || step "install Playwright's Chromium" npx playwright install chromium
step "e2e (Playwright)" env PLAYWRIGHT_JSON_OUTPUT_NAME=.reports/e2e.json \
  npx playwright test --project chromium --reporter=list,json
step "e2e: core forms without JavaScript" env PLAYWRIGHT_JSON_OUTPUT_NAME=.reports/e2e-no-javascript.json \
  npx playwright test --project no-javascript --reporter=list,json
# The specs that start servers of their own, one at a time, once nothing else runs (playwright.config.ts).
step "e2e: heavy specs, one at a time" env PLAYWRIGHT_JSON_OUTPUT_NAME=.reports/e2e-heavy.json \
  npx playwright test --project heavy --no-deps --reporter=list,json
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  step "e2e: three instances behind HAProxy on PostgreSQL" env PLAYWRIGHT_JSON_OUTPUT_NAME=.reports/e2e-balanced.json \
    npx playwright test -c playwright.balanced.config.ts --reporter=list,json
fi

CHECKS_PASSED=$checks_passed CHECKS_FAILED=$checks_failed node scripts/test-summary.mjs .reports || status=1
exit $status
