#!/usr/bin/env bash
# test-native.sh README LIBTCSS TCSS_CLI [JNI_LIB]
#
# The native code loads where README's platform table says it does:
#   - libtcss.so.1 and the JNI library need no libstdc++/libgcc_s (linked in,
#     hidden): no NEEDED entry, no GLIBCXX_/CXXABI_ version, no C++ symbol
#     exported; libtcss.so.1 exports only tcss_*, the JNI library only
#     Java_*/JNI_*.
#   - the newest GLIBC_ version any of them needs is the minimum glibc the
#     README's table states ("glibc >= X"), and this machine (Debian 12) meets it.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: test-native.sh README LIBTCSS TCSS_CLI [JNI_LIB]" >&2; exit 2; }
readme=$1; shift
fail() { echo "FAIL: $*"; exit 1; }
need=0
for f in "$@"; do
  [ -r "$f" ] || fail "$f missing"
  name=$(basename "$f")
  if readelf -d "$f" | grep -E 'NEEDED.*(libstdc\+\+|libgcc_s)'; then fail "$name needs the shared C++ runtime"; fi
  if objdump -T "$f" | grep -E 'GLIBCXX_|CXXABI_'; then fail "$name needs GLIBCXX/CXXABI versions"; fi
  exported=$(nm -D --defined-only "$f" | awk '{print $3}' | sed 's/@.*//' | grep -Ev '^TCSS_[0-9]+(\.[0-9]+)?$' || true)
  case "$name" in
    libtcss.so*) bad=$(grep -v '^tcss_' <<< "$exported" || true) ;;
    libtcss_jni.so) bad=$(grep -Ev '^(Java_|JNI_)' <<< "$exported" || true) ;;
    *) bad=$(grep -E '^_Z' <<< "$exported" || true) ;;
  esac
  [ -z "$bad" ] || fail "$name exports more than its interface: $(head -n 5 <<< "$bad" | tr '\n' ' ')"
  v=$(objdump -T "$f" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)
  echo "ok: $name: no shared C++ runtime, exports only its interface, needs glibc $v"
  [ "$(printf '%s\n%s\n' "$need" "$v" | sort -V | tail -n 1)" = "$v" ] && need=$v
done
grep -q "glibc >= $need\b" "$readme" \
  || fail "README's platform table does not state the measured minimum (glibc >= $need): $(grep -o 'glibc >= [0-9.]*' "$readme" | sort -u | tr '\n' ' ')"
if grep -o 'glibc >= [0-9.]*' "$readme" | grep -v "glibc >= $need\$"; then
  fail "README states another minimum than the measured glibc >= $need"
fi
have=$(getconf GNU_LIBC_VERSION | awk '{print $2}')
[ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | head -n 1)" = "$need" ] || fail "this machine's glibc $have < $need"
. /etc/os-release
echo "ok: minimum glibc $need, as README states; this machine ($PRETTY_NAME, glibc $have) meets it"
