#!/usr/bin/env bash
# The whole pormg workflow on an embedded SQLite example (a small Formula 1 schema with foreign
# keys and data), in a fresh folder: setup, makemigrations, dry-run, migrate (with a hand-written
# data step that seeds the tables), status; then a model change and a second migrate; then the
# archive applied to a fresh database, as a deploy does.
# Usage: bash scripts/example.sh [FOLDER]     (default: ./example-db; uses dist/pormg when built)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
folder=${1:-example-db}
if [ -x "$root/dist/pormg" ]; then pormg=("$root/dist/pormg"); else pormg=("$root/node_modules/.bin/bun" "$root/cmd/pormg.ts"); fi
say() { printf '\n\033[1m$ pormg %s\033[0m\n' "$*"; "${pormg[@]}" "$@"; }

[ -e "$folder/connection.yml" ] && { echo "$folder already exists; pass another folder or remove it." >&2; exit 78; }
say setup --db "$folder"
cp "$root/scripts/example/models.ts" "$folder/models.ts"
say makemigrations --db "$folder" --name "create f1 tables"
# A hand-written data step: plan files are plain SQL, reviewed like code; this one seeds the tables.
{ echo "-- step: Data (post): seed the example"; cat "$root/scripts/example/seed.sql"; } >>"$folder/migrations/pending_migrations.sql"
say dry-run --db "$folder" --verify
say migrate --db "$folder"
say status --db "$folder"

cp "$root/scripts/example/models-v2.ts" "$folder/models.ts"
say makemigrations --db "$folder" --name "nationality and constructors"
say dry-run --db "$folder"
say migrate --db "$folder" --destructive
say status --db "$folder"
say check --db "$folder"

# The archive is the release: the same folder brings a fresh database (another server's) to the models.
say migrate --db "$folder" --url "sqlite:$folder/server-2.sqlite"
say check --db "$folder" --url "sqlite:$folder/server-2.sqlite"
