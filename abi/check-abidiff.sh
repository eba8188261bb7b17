#!/usr/bin/env bash
# check-abidiff.sh BASELINE_ABI NEW HEADERS_DIR
#
# Compares the ABI of NEW (a freshly built libtcss.so.1, or an .abi file that
# abidw wrote) with BASELINE_ABI (abi/baseline/libtcss.so.1.abi, the released
# ABI). Only types from the public headers in HEADERS_DIR count.
#
# Fails when abidiff reports
#   ABIDIFF_ERROR (1) or ABIDIFF_USAGE_ERROR (2): the check could not run;
#   ABIDIFF_ABI_INCOMPATIBLE_CHANGE (8): e.g. an exported function removed;
#   ABIDIFF_ABI_CHANGE (4): any change to a public type or a function
#     signature, since 1.x promises none (abi/ABI.md), except the two that
#     are allowed: new functions (--no-added-syms) and public structs growing
#     at their end (decided by abidiff_allowed.py from abidiff's report).
# Exits 77 (a CTest skip) when NEW is a library built without debug
# information (e.g. CMAKE_BUILD_TYPE=Release): abidw then sees no types, and
# abi.symbols still holds the symbol list.
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: check-abidiff.sh BASELINE_ABI NEW HEADERS_DIR" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
baseline=$1 new=$2 headers=$3
for f in "$baseline" "$new"; do
  [ -r "$f" ] || { echo "check-abidiff: cannot read $f" >&2; exit 2; }
done
for tool in abidw abidiff; do
  command -v "$tool" >/dev/null || { echo "check-abidiff: $tool not found (Debian package abigail-tools, scripts/deps/abi.apt)" >&2; exit 2; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# (No `| grep -q` here: with pipefail, grep quitting early fails the pipe.)
if [ "$(head -c 4 "$new" | od -An -c | tr -d ' ')" = '177ELF' ]; then
  sections=$(readelf -S "$new")
  if ! grep -q '\.debug_info' <<< "$sections"; then
    echo "check-abidiff: SKIP: $new has no debug information (build type without -g); abi.symbols still checks the exported symbols"
    exit 77
  fi
  # The same abidw options the baseline was written with.
  "$here/abidw.sh" "$new" "$tmp/new.abi" "$headers"
  new_abi=$tmp/new.abi
else
  new_abi=$new
fi

set +e
abidiff --no-added-syms "$baseline" "$new_abi" > "$tmp/report" 2>&1
status=$?
set -e

reasons=()
(( status & 1 )) && reasons+=("ABIDIFF_ERROR")
(( status & 2 )) && reasons+=("ABIDIFF_USAGE_ERROR")
(( status & 8 )) && reasons+=("ABIDIFF_ABI_INCOMPATIBLE_CHANGE")
if [ $status -eq 4 ] && ! python3 "$here/abidiff_allowed.py" "$baseline" "$tmp/report" > "$tmp/allowed"; then
  reasons+=("ABIDIFF_ABI_CHANGE")
  cat "$tmp/allowed" >> "$tmp/report"
fi
if [ ${#reasons[@]} -ne 0 ]; then
  cat "$tmp/report"
  echo "check-abidiff: FAILED (abidiff exit $status: ${reasons[*]}) against $baseline"
  echo "  Only new functions and new fields at the end of a public struct are allowed in 1.x."
  echo "  If this change is intended for a new major version, see abi/ABI.md (bumping the SONAME)."
  exit 1
fi
# Show what was allowed (added functions, appended fields), for the log.
abidiff "$baseline" "$new_abi" > "$tmp/full" 2>&1 || true
if [ -s "$tmp/full" ]; then
  echo "check-abidiff: compatible changes against the baseline:"
  cat "$tmp/full"
fi
echo "check-abidiff: passed (no incompatible change against $(basename "$baseline"))"
