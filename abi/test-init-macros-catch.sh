#!/usr/bin/env bash
# test-init-macros-catch.sh CC CXX HEADER ABI_DIR
#
# Proves check-init-macros.sh catches an initialiser that falls out of step
# with its struct: each mutation below is applied to a copy of the public
# HEADER (never the real one), and both the C99 check and the C++17 field
# count must fail on it.
set -euo pipefail
[ $# -eq 4 ] || { echo "usage: test-init-macros-catch.sh CC CXX HEADER ABI_DIR" >&2; exit 2; }
cc=$1 cxx=$2 header=$3 abidir=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

expect_caught() {
  local name=$1 script=$2 rc=0
  mkdir -p "$tmp/$name/tcss"
  sed -e "$script" "$header" > "$tmp/$name/tcss/tcss.h"
  if cmp -s "$header" "$tmp/$name/tcss/tcss.h"; then
    echo "FAIL: mutation '$name' did not change the header; update this test to the header"
    failures=$((failures + 1)); return
  fi
  "$abidir/check-init-macros.sh" "$cc" "$cxx" "$tmp/$name" > "$tmp/$name.log" 2>&1 || rc=$?
  if [ $rc -eq 1 ] && grep -q 'FAIL(c99)' "$tmp/$name.log" && grep -q 'FAIL(c++17)' "$tmp/$name.log"; then
    echo "ok: $name caught by both checks"
  else
    echo "FAIL: $name: check-init-macros.sh exited $rc without both checks failing:"
    sed 's/^/    /' "$tmp/$name.log"
    failures=$((failures + 1))
  fi
}

# A field added to the struct, the macro left alone.
expect_caught field_added_macro_not \
  '/^} tcss_client_options;/i\    int added_later;'
# The macro loses its last element.
expect_caught macro_short \
  's/^\( *\)TCSS_UNSET, TCSS_UNSET, NULL, NULL, NULL \\$/\1TCSS_UNSET, TCSS_UNSET, NULL, NULL \\/'
# The macro gains an element the struct does not have.
expect_caught macro_long \
  's/^\( *\)NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, 0, 0 \\$/\1NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, 0, 0, 0 \\/'

if [ "$failures" -ne 0 ]; then
  echo "test-init-macros-catch: $failures case(s) wrong"; exit 1
fi
echo "test-init-macros-catch: passed"
