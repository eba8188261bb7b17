#!/usr/bin/env bash
# test-debs.sh MODE SOURCE_DIR DEB_DIR VERSION
#
# Checks the Debian packages that build-debs.sh left in DEB_DIR.
#   lintian   lintian reports no error (E:) on any of the three.
#   contents  names, multiarch paths, Depends (shlibdeps; -dev on the exact
#             library version; no libstdc++6), copyright and changelog.gz in
#             each, no RUNPATH, and the man page lists every option --help does.
#   install   unpacked into a clean root (dpkg -x): the Depends are met on this
#             Debian machine; the README's C example builds against the
#             installed -dev files with pkg-config and with find_package(tcss)
#             and registers against the emulator; the installed tcss does too.
set -euo pipefail
[ $# -eq 4 ] || { echo "usage: test-debs.sh MODE SOURCE_DIR DEB_DIR VERSION" >&2; exit 2; }
mode=$1 src=$2 debs=$3 version=$4
here=$(cd "$(dirname "$0")" && pwd)
with_emulator=$src/tests/harness/with-emulator
ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)
arch=$(dpkg --print-architecture)
lib=$debs/libtcss1_${version}_$arch.deb dev=$debs/libtcss-dev_${version}_$arch.deb
cli=$debs/tcss_${version}_$arch.deb
fail() { echo "FAIL: $*"; exit 1; }
for d in "$lib" "$dev" "$cli"; do [ -r "$d" ] || fail "$d missing (packaging.debs builds it)"; done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset LD_LIBRARY_PATH PKG_CONFIG_PATH CMAKE_PREFIX_PATH

field() { dpkg-deb -f "$1" "$2"; }
has() {  # has DEB PATH
  dpkg-deb -c "$1" | awk '{print $6}' | sed 's|^\./|/|' | grep -qx -- "$2" \
    || fail "$(basename "$1") lacks $2"
}

case "$mode" in
lintian)
  command -v lintian > /dev/null || { echo "skipped: lintian not installed (scripts/deps/packaging.apt)"; exit 77; }
  lintian --allow-root "$lib" "$dev" "$cli" 2>&1 | tee "$tmp/lintian" || true
  if grep -q '^E:' "$tmp/lintian"; then fail "lintian reports errors"; fi
  echo "ok: lintian reports no error on libtcss1, libtcss-dev, tcss"
  ;;
contents)
  [ "$(field "$lib" Package)" = libtcss1 ] && [ "$(field "$dev" Package)" = libtcss-dev ] \
    && [ "$(field "$cli" Package)" = tcss ] || fail "package names"
  has "$lib" "/usr/lib/$ma/libtcss.so.$version"; has "$lib" "/usr/lib/$ma/libtcss.so.1"
  has "$dev" "/usr/lib/$ma/libtcss.so"; has "$dev" /usr/include/tcss/tcss.h
  has "$dev" "/usr/lib/$ma/pkgconfig/tcss.pc"; has "$dev" "/usr/lib/$ma/cmake/tcss/tcssConfig.cmake"
  has "$cli" /usr/bin/tcss; has "$cli" /usr/share/man/man1/tcss.1.gz
  for d in "$lib" "$dev" "$cli"; do
    p=$(field "$d" Package)
    has "$d" "/usr/share/doc/$p/copyright"; has "$d" "/usr/share/doc/$p/changelog.gz"
  done
  echo "ok: multiarch paths (/usr/lib/$ma), man page, copyright and changelog.gz in each package"
  deps=$(field "$lib" Depends)
  for want in libc6 libcurl4 libcjson1 libmbedcrypto7; do
    grep -q "\b$want\b" <<< "$deps" || fail "libtcss1 Depends lacks $want: $deps"
  done
  ! grep -q libstdc++ <<< "$deps" || fail "libtcss1 depends on libstdc++ (it links it statically): $deps"
  grep -q "libtcss1 (= $version)" <<< "$(field "$dev" Depends)" || fail "libtcss-dev does not depend on libtcss1 (= $version)"
  grep -q "libtcss1 (>= $version)" <<< "$(field "$cli" Depends)" || fail "tcss does not depend on libtcss1"
  dpkg-deb --ctrl-tarfile "$lib" | tar -xO ./shlibs | grep -qx "libtcss 1 libtcss1 (>= $version)" \
    || fail "libtcss1 has no shlibs file"
  echo "ok: Depends: libtcss1: $deps; tcss: $(field "$cli" Depends)"
  dpkg-deb -x "$cli" "$tmp/root"; dpkg-deb -x "$lib" "$tmp/root"
  ! readelf -d "$tmp/root/usr/bin/tcss" | grep -Eq 'RPATH|RUNPATH' || fail "/usr/bin/tcss has a RUNPATH"
  # The man page: every --flag that --help shows, from the same table.
  export LD_LIBRARY_PATH=$tmp/root/usr/lib/$ma
  { "$tmp/root/usr/bin/tcss" --help; "$tmp/root/usr/bin/tcss" help add-registry; } \
    | grep -o -- '--[a-z][a-z-]*' | sort -u > "$tmp/help-flags"
  MANWIDTH=200 man -l "$tmp/root/usr/share/man/man1/tcss.1.gz" 2> "$tmp/man.err" | col -b > "$tmp/man.txt"
  [ ! -s "$tmp/man.err" ] || { cat "$tmp/man.err"; fail "man reports warnings on tcss.1"; }
  missing=$(while read -r f; do grep -q -- "$f" "$tmp/man.txt" || echo "$f"; done < "$tmp/help-flags")
  [ -z "$missing" ] || fail "tcss(1) lacks options that --help lists: $missing"
  echo "ok: tcss(1) renders cleanly and lists all $(wc -l < "$tmp/help-flags") options of --help"
  ;;
install)
  root=$tmp/root
  for d in "$lib" "$dev" "$cli"; do dpkg-deb -x "$d" "$root"; done
  # Debian 12's own packages satisfy every Depends (other than libtcss1).
  for d in "$lib" "$dev" "$cli"; do
    field "$d" Depends | tr ',' '\n' | sed 's/^ *//' | while read -r pkg op ver; do
      [ -n "$pkg" ] && [ "$pkg" != libtcss1 ] || continue
      have=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null) || fail "$pkg (a Depends of $(field "$d" Package)) is not installed"
      ver=${ver%)}; op=${op#(}
      [ -z "$op" ] || dpkg --compare-versions "$have" "$op" "$ver" || fail "$pkg $have does not satisfy $op $ver"
    done
  done
  echo "ok: every Depends is met by this machine's Debian packages"
  example=$src/tests/examples/add_registry.c
  export PKG_CONFIG_PATH=$root/usr/lib/$ma/pkgconfig
  read -r -a pc <<< "$(pkg-config --cflags --libs tcss)"
  gcc -std=c99 -Wall -Wextra -Werror "$example" "${pc[@]}" -o "$tmp/add_registry_pc"
  echo "ok: built the README example with pkg-config: ${pc[*]}"
  unset PKG_CONFIG_PATH
  cmake -S "$here/consumer" -B "$tmp/cm" -DCMAKE_PREFIX_PATH="$root/usr" -DTCSS_EXAMPLE="$example" \
    > "$tmp/cm.log" 2>&1 && cmake --build "$tmp/cm" >> "$tmp/cm.log" 2>&1 || { cat "$tmp/cm.log"; fail "find_package build"; }
  grep -q "tcss_DIR:PATH=$root/usr/lib/$ma/cmake/tcss" "$tmp/cm/CMakeCache.txt" || fail "find_package found tcss outside the root"
  echo "ok: built the README example with find_package(tcss) from $root/usr/lib/$ma/cmake/tcss"
  export LD_LIBRARY_PATH=$root/usr/lib/$ma
  for bin in "$tmp/add_registry_pc" "$tmp/cm/add_registry" "$root/usr/bin/tcss"; do
    resolved=$(ldd "$bin" | awk '$1 == "libtcss.so.1" {print $3}')
    [ "$(realpath "$resolved")" = "$(realpath "$root/usr/lib/$ma/libtcss.so.1")" ] \
      || fail "$bin loads libtcss.so.1 from '$resolved', not the unpacked package"
  done
  echo "ok: each program loads the packaged libtcss.so.1"
  "$with_emulator" -- "$src/tests/examples/tests/test-add-registry" "$tmp/add_registry_pc"
  "$with_emulator" -- "$src/tests/examples/tests/test-add-registry" "$tmp/cm/add_registry"
  "$with_emulator" -- "$here/check-cli.sh" "$root/usr/bin/tcss"
  ;;
*) echo "test-debs.sh: unknown mode $mode" >&2; exit 2 ;;
esac
echo "packaging.deb_$mode: passed"
