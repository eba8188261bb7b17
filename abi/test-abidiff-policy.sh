#!/usr/bin/env bash
# test-abidiff-policy.sh CC HEADER MAP_FILE ABI_DIR
#
# Proves that abi/check-abidiff.sh fails on the changes abi/ABI.md forbids
# and passes on the ones it allows, with abi/selftest/stub.c built from the
# public HEADER and from mutated copies of it (never touching the real one).
set -euo pipefail
[ $# -eq 4 ] || { echo "usage: test-abidiff-policy.sh CC HEADER MAP_FILE ABI_DIR" >&2; exit 2; }
cc=$1 header=$2 map=$3 abidir=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

# build NAME SED_SCRIPT [CFLAGS...]: a stub library against a mutated header.
build() {
  local name=$1 script=$2; shift 2
  mkdir -p "$tmp/$name/include/tcss"
  sed -e "$script" "$header" > "$tmp/$name/include/tcss/tcss.h"
  if [ -n "$script" ] && cmp -s "$header" "$tmp/$name/include/tcss/tcss.h"; then
    echo "FAIL: mutation '$name' did not change the header; update this test to the header"
    failures=$((failures + 1))
    return 1
  fi
  "$cc" -g -O0 -shared -fPIC -fvisibility=hidden -Wl,--version-script="$map" \
        -I"$tmp/$name/include" "$@" "$abidir/selftest/stub.c" -o "$tmp/$name/libtcss.so.1" \
        -Wl,-soname,libtcss.so.1
}

# expect NAME pass|fail: run the real check of NAME against the original stub.
expect() {
  local name=$1 want=$2 rc=0
  "$abidir/check-abidiff.sh" "$tmp/base.abi" "$tmp/$name/libtcss.so.1" \
      "$tmp/$name/include/tcss" > "$tmp/$name.log" 2>&1 || rc=$?
  if { [ "$want" = pass ] && [ $rc -eq 0 ]; } || { [ "$want" = fail ] && [ $rc -eq 1 ]; }; then
    echo "ok: $name -> $want"
  else
    echo "FAIL: $name: expected $want, check-abidiff.sh exited $rc:"
    sed 's/^/    /' "$tmp/$name.log"
    failures=$((failures + 1))
  fi
}

build base ''
"$abidir/abidw.sh" "$tmp/base/libtcss.so.1" "$tmp/base.abi" "$tmp/base/include/tcss"

build same ''                                     && expect same pass
# Allowed: a field at the end of an options struct, a new function.
build grow_options_at_end \
  '/^} tcss_client_options;/i\    int added_in_a_minor;'            && expect grow_options_at_end pass
build grow_result_at_end \
  '/^} tcss_registry_result;/i\    const char *added_in_a_minor;'    && expect grow_result_at_end pass
build grow_spec_at_end \
  '/^} tcss_registry_spec;/i\    long long added_in_a_minor;'     && expect grow_spec_at_end pass
build add_function '' -DSTUB_ADD_FUNCTION                          && expect add_function pass
# Forbidden: removing a function, or touching existing fields.
# tcss_conn_detect has no version field and callers make arrays of it.
build grow_frozen_struct \
  '/^} tcss_conn_detect;/i\    const char *added;'               && expect grow_frozen_struct fail
build remove_function '' -DSTUB_DROP_PREVIEW                       && expect remove_function fail
build remove_middle_field '/^    const char \*url; /d'             && expect remove_middle_field fail
build insert_middle_field \
  '/^    const char \*proxy; /i\    const char *inserted;'         && expect insert_middle_field fail
build retype_field 's/^    long connect_timeout_ms;/    int connect_timeout_ms;/' \
                                                                   && expect retype_field fail
build reorder_fields \
  '/^    const char \*name; /{h;d}; /^    const char \*username; /{G}' && expect reorder_fields fail
build retype_and_grow_at_end \
  's/^    long connect_timeout_ms;/    int connect_timeout_ms;/; /^} tcss_client_options;/i\    int added_in_a_minor;' \
                                                                   && expect retype_and_grow_at_end fail

if [ "$failures" -ne 0 ]; then
  echo "test-abidiff-policy: $failures case(s) wrong"
  exit 1
fi
echo "test-abidiff-policy: passed"
