#!/usr/bin/env bash
# What CI runs against one PostgreSQL server of another major (scripts/pg-versions.sh starts them):
# the end-to-end scenario, the PostgreSQL end-to-end tests of a real schema (Chinook: import-models,
# makemigrations, migrate, check) and of the clauses and names that differ between versions, and
# the conformance corpus (PostgreSQL cases). Prints "ok pg<major> …"/"not ok pg<major> …" lines and
# the corpus's summary lines prefixed with the major; exits non-zero when anything failed.
# Usage: bash scripts/pg-version-suite.sh MAJOR URL   (after `npm ci` and `npm run build`)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
major=$1
url=$2
export PATH="$root/node_modules/.bin:$PATH"
export PORMG_TEST_PG_URL="$url" PORMG_TEST_DIALECTS=postgresql PORMG_BINARY="${PORMG_BINARY:-$root/dist/pormg}"
status=0
log=$(mktemp)

# The end-to-end scenario: its lines, tagged with the major.
bash "$root/scripts/e2e-scenario.sh" >"$log" 2>&1 || status=1
sed "s/^\(not ok\|ok\) /\1 pg$major: /" "$log"

# bun test files: one "ok"/"not ok" line per test, from bun's own (pass)/(fail) lines.
tests() { # name, files...
  local name=$1
  shift
  (cd "$root" && bun test "$@") >"$log" 2>&1 || status=1
  # bun's "(pass) name [12.34ms]" lines (the time is left out for the quickest).
  sed -n -E "s/ \[[0-9.]+m?s\]$//; s/^\(pass\) /ok pg$major: $name: /p; s/^\(fail\) /not ok pg$major: $name: /p" "$log" | sort -u
  if ! grep -q '^(pass)\|^(fail)' "$log"; then
    echo "not ok pg$major: $name: no test ran"
    tail -n 20 "$log" | sed 's/^/    /'
  fi
  # bun prints a failure's error above its (fail) line.
  grep -B 25 '^(fail)' "$log" | head -n 150 | sed 's/^/    /'
  grep '^conformance: ' "$log" | sed "s/^conformance: /conformance pg$major: /"
}

tests e2e test/e2e/planner-chinook.test.ts test/e2e/rename-default-names.test.ts test/e2e/generated-columns.test.ts \
  test/e2e/include-indexes.test.ts test/e2e/postgres-sequences.test.ts test/e2e/postgres-types-roundtrip.test.ts
tests corpus test/conformance/conformance.test.ts
rm -f "$log"
exit $status
