#!/usr/bin/env bash
# The end-to-end scenario, as a user types it: `setup` then `info` against the SQLite default,
# then `info` against PostgreSQL; through Bun, through Deno, and through the compiled binary
# started from an empty directory with no node, bun or deno on PATH. Prints "ok …"/"not ok …".
# Usage: bash scripts/e2e-scenario.sh   (after `npm ci` and `npm run build`)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pg_url="${PORMG_TEST_PG_URL:-postgres://root@127.0.0.1:5432/test}"
empty_path=$(mktemp -d)
status=0

check() { # name, expected output pattern, command...
  local name=$1 pattern=$2 out
  shift 2
  if out=$("$@" 2>&1) && grep -Eq "$pattern" <<<"$out"; then
    echo "ok $name"
  else
    echo "not ok $name"
    sed 's/^/    /' <<<"$out"
    status=1
  fi
}

scenario() { # runtime name, pormg command...
  local name=$1
  shift
  local dir
  dir=$(mktemp -d)
  pushd "$dir" >/dev/null || exit 1
  check "$name: setup" "created db/connection.yml" "$@" setup --db db
  check "$name: info on SQLite" "server: +SQLite 3\.[0-9]+" "$@" info --db db
  check "$name: info on PostgreSQL" "server: +PostgreSQL [0-9]+" "$@" info --db db --url "$pg_url"
  popd >/dev/null || exit 1
}

scenario bun "$root/node_modules/.bin/bun" "$root/cmd/pormg.ts"
scenario deno "$root/node_modules/.bin/deno" run -A --quiet --config "$root/deno.json" "$root/cmd/pormg.ts"
scenario binary env -i "PATH=$empty_path" HOME=/tmp "$root/dist/pormg"
exit $status
