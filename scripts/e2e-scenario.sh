#!/usr/bin/env bash
# The end-to-end scenario, as a user types it: `setup` then `info` against the SQLite default,
# then `info` against PostgreSQL, then `makemigrations`, `migrate` and `check` of a one-table
# model on SQLite, on PostgreSQL (in a schema of its own, dropped afterwards) and on MariaDB/MySQL
# (in a database of its own, dropped afterwards); through Bun,
# through Deno, and through the compiled binary started from an empty directory with no node, bun
# or deno on PATH. Prints "ok …"/"not ok …".
# Usage: bash scripts/e2e-scenario.sh   (after `npm ci` and `npm run build`)
#        bash scripts/e2e-scenario.sh NAME COMMAND...   (one runner, e.g. a binary under qemu)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pg_url="${PORMG_TEST_PG_URL:-postgres://root@127.0.0.1:5432/test}"
mysql_url="${PORMG_TEST_MYSQL_URL:-mysql://root@127.0.0.1:3306/test}"
empty_path=$(mktemp -d)
status=0

check() { # name, expected output pattern, command...
  local name=$1 pattern=$2 out
  shift 2
  if out=$("$@" 2>&1 </dev/null) && grep -Eq "$pattern" <<<"$out"; then
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
  migrations "$name" "$@"
  popd >/dev/null || exit 1
}

model='import { Models } from "pormg";
export const Note = Models.Model({ id: Models.IDField(), body: Models.TextField() });'

migrations() { # runtime name, pormg command... (in the scenario's directory, after setup)
  local name=$1
  shift
  mkdir -p db pg
  printf '%s\n' "$model" >db/models.ts
  check "$name: makemigrations on SQLite" "note \| Create table" "$@" makemigrations --db db --name notes
  check "$name: migrate on SQLite" "^Applied [0-9]{17} \"notes\"" "$@" migrate --db db
  check "$name: check on SQLite" "agree" "$@" check --db db
  local schema="pormg_e2e_${name//[^a-z0-9]/_}_$$"
  if ! psql "$pg_url" -qAtc "CREATE SCHEMA $schema" >/dev/null; then
    echo "not ok $name: create schema $schema for the PostgreSQL migration"
    status=1
    return
  fi
  printf 'dev:\n  adapter: PostgreSQL\n  url: %s\n  schema: %s\n  config:\n    change_db: true\n' "$pg_url" "$schema" >pg/connection.yml
  printf '%s\n' "$model" >pg/models.ts
  check "$name: makemigrations on PostgreSQL" "note \| Create table" "$@" makemigrations --db pg --name notes
  check "$name: migrate on PostgreSQL" "^Applied [0-9]{17} \"notes\"" "$@" migrate --db pg
  check "$name: check on PostgreSQL" "agree" "$@" check --db pg
  psql "$pg_url" -qAtc "SET client_min_messages = warning; DROP SCHEMA $schema CASCADE" >/dev/null
  local database="pormg_e2e_${name//[^a-z0-9]/_}_$$" my_url
  my_url="${mysql_url%/*}/$database"
  mkdir -p my
  printf 'dev:\n  adapter: MariaDB\n  url: %s\n  config:\n    change_db: true\n' "$my_url" >my/connection.yml
  printf '%s\n' "$model" >my/models.ts
  if ! mariadb -h 127.0.0.1 -u root -e "CREATE DATABASE \`$database\`" >/dev/null; then
    echo "not ok $name: create database $database for the MariaDB migration"
    status=1
    return
  fi
  check "$name: makemigrations on MariaDB" "note \| Create table" "$@" makemigrations --db my --name notes
  check "$name: migrate on MariaDB" "^Applied [0-9]{17} \"notes\"" "$@" migrate --db my
  check "$name: check on MariaDB" "agree" "$@" check --db my
  mariadb -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS \`$database\`" >/dev/null
}

if [ $# -gt 0 ]; then
  scenario "$@"
  exit $status
fi

scenario bun "$root/node_modules/.bin/bun" "$root/cmd/pormg.ts"
scenario deno "$root/node_modules/.bin/deno" run -A --quiet --config "$root/deno.json" "$root/cmd/pormg.ts"
scenario binary env -i "PATH=$empty_path" HOME=/tmp "$root/dist/pormg"
exit $status
