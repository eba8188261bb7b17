#!/usr/bin/env bash
# test-symbols-catch.sh CC LIBRARY SYMBOLS_FILE INCLUDE_DIR ABI_DIR
#
# Proves check-symbols.sh fails, with a message saying why, when the list and
# the library disagree: a symbol removed from the library (listed, not
# exported), a new one not listed, a bad version column, a wrong SONAME, and
# a library linked without the version script (no TCSS_1 node).
set -euo pipefail
[ $# -eq 5 ] || { echo "usage: test-symbols-catch.sh CC LIBRARY SYMBOLS_FILE INCLUDE_DIR ABI_DIR" >&2; exit 2; }
cc=$1 lib=$2 list=$3 incdir=$4 abidir=$5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

# expect NAME MESSAGE LIBRARY LIST [SONAME]: check-symbols must exit 1 saying MESSAGE.
expect() {
  local name=$1 message=$2 l=$3 s=$4 soname=${5:-libtcss.so.1} rc=0
  "$abidir/check-symbols.sh" "$l" "$s" "$incdir" "$soname" 1.1.0 > "$tmp/$name.log" 2>&1 || rc=$?
  if [ $rc -eq 1 ] && grep -qF -- "$message" "$tmp/$name.log"; then
    echo "ok: $name: $message"
  else
    echo "FAIL: $name: expected exit 1 with '$message', got $rc:"
    sed 's/^/    /' "$tmp/$name.log"
    failures=$((failures + 1))
  fi
}

"$abidir/check-symbols.sh" "$lib" "$list" "$incdir" libtcss.so.1 > "$tmp/real.log" 2>&1 \
  || { cat "$tmp/real.log"; echo "FAIL: the real list does not pass to begin with"; exit 1; }

first=$(sed 's/#.*//' "$list" | awk 'NF {print $1; exit}')
grep -v "^$first " "$list" > "$tmp/unlisted"
expect exported_not_listed "+$first" "$lib" "$tmp/unlisted"
{ cat "$list"; echo "tcss_removed_in_this_build 1.0.0"; } > "$tmp/removed"
expect listed_not_exported "-tcss_removed_in_this_build" "$lib" "$tmp/removed"
sed "s/^$first .*/$first 1.0/" "$list" > "$tmp/badversion"
expect malformed_version "$first 1.0" "$lib" "$tmp/badversion"
sed "s/^$first .*/$first 9.0.0/" "$list" > "$tmp/future"
expect version_from_the_future "$first 9.0.0" "$lib" "$tmp/future"
expect wrong_soname "expected 'libtcss.so.2'" "$lib" "$list" libtcss.so.2

# Without the version script, symbols carry no TCSS_1 node.
"$cc" -shared -fPIC -I"$incdir" "$abidir/selftest/stub.c" -Wl,-soname,libtcss.so.1 -o "$tmp/libtcss.so.1"
expect no_version_node "symbols not in the version node of the release" "$tmp/libtcss.so.1" "$list"
# A 1.0 symbol listed as new in 1.1 must be in TCSS_1.1, and is not.
sed "s/^$first .*/$first 1.1.0/" "$list" > "$tmp/wrongnode"
expect wrong_node "$first@@TCSS_1" "$lib" "$tmp/wrongnode"

if [ "$failures" -ne 0 ]; then
  echo "test-symbols-catch: $failures case(s) wrong"; exit 1
fi
echo "test-symbols-catch: passed"
