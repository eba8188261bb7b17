#!/usr/bin/env bash
# update-baseline.sh [BUILD_DIR]
#
# Rewrites abi/baseline/libtcss.so.1.abi from BUILD_DIR's libtcss.so.1
# (default: build/). Run it only when releasing, after abi.abidiff passes or
# its report has been reviewed and accepted (see abi/ABI.md, "Releasing").
# BUILD_DIR must be a build with debug information: RelWithDebInfo (the
# default) or Debug.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${1:-$root/build}
lib=$build/lib/libtcss.so.1
[ -e "$lib" ] || { echo "update-baseline: no $lib; build first" >&2; exit 2; }
sections=$(readelf -S "$lib")
grep -q '\.debug_info' <<< "$sections" \
  || { echo "update-baseline: $lib has no debug information; use a RelWithDebInfo or Debug build" >&2; exit 2; }
soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
out=$here/baseline/$soname.abi
mkdir -p "$here/baseline"
"$here/abidw.sh" "$lib" "$out" "$root/include/tcss"
echo "update-baseline: wrote $out from $lib; review 'git diff' and commit it with the release"
