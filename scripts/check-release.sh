#!/usr/bin/env bash
# Checks the release binaries in dist/release (after `npm run build:release`): SHA256SUMS lists
# every target and `sha256sum -c` accepts it; each file's header (`file`) names the target's
# format, architecture and interpreter (glibc ld-linux or musl ld-musl); a darwin binary's code
# signature matches its pages (scripts/macho-signature.ts); each carries its target
# name; the ones this machine can run say their target in `--version --json` and pass the
# end-to-end scenario (scripts/e2e-scenario.sh) on SQLite and PostgreSQL: linux-x64 natively,
# linux-arm64 under qemu-aarch64-static with the arm64 glibc from libc6-arm64-cross.
# Prints "ok …"/"not ok …", and "skip …: reason" for a run this machine cannot do.
# Usage: bash scripts/check-release.sh [DIR]   (default dist/release)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(cd "${1:-$root/dist/release}" && pwd) || exit 1
version=$(sed -nE 's/^export const VERSION = "([^"]+)";$/\1/p' "$root/src/core/version.ts")
arm64_root=/usr/aarch64-linux-gnu
qemu=$(command -v qemu-aarch64-static || true)
empty_path=$(mktemp -d)
status=0

pass() { echo "ok $*"; }
fail() { echo "not ok $1"; shift; [ $# -eq 0 ] || printf '%s\n' "$@" | sed 's/^/    /'; status=1; }

# target, file name, pattern of `file`'s description
targets=(
  "linux-x64|pormg-linux-x64|ELF 64-bit LSB executable, x86-64, .*interpreter /lib64/ld-linux-x86-64\.so\.2"
  "linux-x64-musl|pormg-linux-x64-musl|ELF 64-bit LSB executable, x86-64, .*interpreter /lib/ld-musl-x86_64\.so\.1"
  "linux-arm64|pormg-linux-arm64|ELF 64-bit LSB executable, ARM aarch64, .*interpreter /lib/ld-linux-aarch64\.so\.1"
  "linux-arm64-musl|pormg-linux-arm64-musl|ELF 64-bit LSB executable, ARM aarch64, .*interpreter /lib/ld-musl-aarch64\.so\.1"
  "darwin-x64|pormg-darwin-x64|^Mach-O 64-bit x86_64 executable"
  "darwin-arm64|pormg-darwin-arm64|^Mach-O 64-bit arm64 executable"
  "windows-x64|pormg-windows-x64.exe|^PE32\+ executable \(console\) x86-64, for MS Windows"
)

cd "$dir" || exit 1
if out=$(sha256sum -c SHA256SUMS 2>&1); then pass "SHA256SUMS: sha256sum -c accepts every line"; else fail "SHA256SUMS: sha256sum -c" "$out"; fi
listed=$(awk '{print $2}' SHA256SUMS | sort | tr '\n' ' ')
expected=$(for t in "${targets[@]}"; do IFS='|' read -r _ f _ <<<"$t"; echo "$f"; done | sort | tr '\n' ' ')
if [ "$listed" = "$expected" ]; then pass "SHA256SUMS lists the 7 targets"; else fail "SHA256SUMS lists the 7 targets" "listed:   $listed" "expected: $expected"; fi

for t in "${targets[@]}"; do
  IFS='|' read -r target f pattern <<<"$t"
  if [ ! -f "$f" ]; then fail "$target: $f exists"; continue; fi
  desc=$(file -b "$f")
  if grep -Eq "$pattern" <<<"$desc"; then pass "$target: header ($desc)"; else fail "$target: header" "$desc" "expected: $pattern"; fi
  if [[ $target == darwin-* ]]; then
    if out=$("$root/node_modules/.bin/bun" "$root/scripts/macho-signature.ts" check "$f" 2>&1); then
      pass "$target: ad-hoc code signature covers the file ($out)"
    else
      fail "$target: ad-hoc code signature covers the file" "$out"
    fi
  fi
  # The compiled-in source declares the version and the target side by side (src/core/version.ts).
  if grep -aEq "\"${version//./\\.}\",[A-Za-z_\$][A-Za-z0-9_\$]*=\"$target\"[,;]" "$f"; then
    pass "$target: carries its target name"
  else
    fail "$target: carries its target name" "no \"$version\",…=\"$target\" in $f"
  fi
done

version_json() { # target, command... : --version --json names the target and a compiled build
  local target=$1 out
  shift
  out=$("$@" --version --json 2>&1)
  if grep -q "\"target\": \"$target\"" <<<"$out" && grep -q '"compiled": true' <<<"$out" &&
    grep -q "\"version\": \"$version\"" <<<"$out"; then
    pass "$target: --version --json says target $target"
  else
    fail "$target: --version --json says target $target" "$out"
  fi
}

scenario() { # target, command...
  bash "$root/scripts/e2e-scenario.sh" "$@" || status=1
}

if [ "$(uname -m)" = x86_64 ] && [ "$(uname -s)" = Linux ]; then
  version_json linux-x64 "$dir/pormg-linux-x64"
  scenario linux-x64 env -i "PATH=$empty_path" HOME=/tmp "$dir/pormg-linux-x64"
else
  echo "skip linux-x64: this machine is $(uname -s) $(uname -m), not Linux x86_64"
fi

if [ -z "$qemu" ]; then
  echo "skip linux-arm64 under qemu: qemu-aarch64-static is not installed (Debian package qemu-user-static)"
elif [ ! -e "$arm64_root/lib/ld-linux-aarch64.so.1" ]; then
  echo "skip linux-arm64 under qemu: no $arm64_root/lib/ld-linux-aarch64.so.1 (Debian package libc6-arm64-cross)"
else
  arm64=("$qemu" -L "$arm64_root" "$dir/pormg-linux-arm64")
  version_json linux-arm64 "${arm64[@]}"
  scenario linux-arm64 env -i "PATH=$empty_path" HOME=/tmp "${arm64[@]}"
fi
exit $status
