#!/usr/bin/env bash
# test-debs.sh MODE SOURCE_DIR DEB_DIR VERSION
#
# Checks the Debian packages that build-debs.sh left in DEB_DIR.
#   lintian   lintian reports no error (E:) on any of the three.
#   contents  names, multiarch paths, Depends (shlibdeps; -dev on the exact
#             library version; no libstdc++6), copyright and changelog.gz in
#             each, no RUNPATH, and the man page lists every option --help does.
#   install   `apt-get install ./libtcss1_*.deb ./tcss_*.deb` in a clean
#             Debian 12 root (clean-root.sh: debootstrap, cached): apt
#             resolves the Depends from Debian; the installed tcss registers
#             against the emulator, twice; purge removes it.
#   dev       `apt-get install ./libtcss1_*.deb ./libtcss-dev_*.deb` in a
#             clean root holding only gcc, make, cmake and pkg-config: the
#             README's C example, extracted from README.md, builds there with
#             `pkg-config --cflags --libs tcss` and with find_package(tcss),
#             and both programs register against the emulator.
# install and dev exit 77 (skipped) without root or debootstrap.
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
cr=$here/clean-root.sh
in_root() { "$cr" run "$root" "$@"; }
loads_packaged() {  # loads_packaged PROGRAM: inside the root, libtcss.so.1 is the package's
  local resolved
  resolved=$(in_root ldd "$1" | awk '$1 == "libtcss.so.1" {print $3}')
  [ -n "$resolved" ] && [ "$(in_root realpath "$resolved")" = "$(in_root realpath "/usr/lib/$ma/libtcss.so.1")" ] \
    || fail "$1 loads libtcss.so.1 from '$resolved', not the package's /usr/lib/$ma/libtcss.so.1"
  echo "ok: $1 loads the package's libtcss.so.1"
}
trap '[ -z "${root:-}" ] || "$cr" rm "$root"; rm -rf "$tmp"' EXIT
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
  [ "$(field "$lib" Recommends)" = ca-certificates ] || fail "libtcss1 does not recommend ca-certificates (HTTPS to the API)"
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
  # libtcss1 and tcss as a user installs them: `apt install ./x.deb` on a
  # clean Debian 12, apt fetching the Depends from Debian's archive.
  root=$tmp/root
  "$cr" new "$root" || exit $?
  "$cr" install "$root" "$lib" "$cli" > "$tmp/apt.log" 2>&1 || { cat "$tmp/apt.log"; fail "apt-get install ./libtcss1 ./tcss in a clean Debian 12 root"; }
  for want in libtcss1 tcss libcurl4 libcjson1 libmbedcrypto7 ca-certificates; do
    in_root dpkg-query -W -f='${Status}\n' "$want" 2> /dev/null | grep -q 'install ok installed' \
      || fail "$want is not installed in the clean root after apt-get install ./libtcss1 ./tcss"
  done
  echo "ok: apt-get install ./libtcss1_*.deb ./tcss_*.deb on a clean Debian 12 pulled in $(awk '/^The following NEW packages will be installed:/ {on = 1; next} on && /^  / {printf "%s", $0; next} {on = 0}' "$tmp/apt.log" | tr -s ' ' ' ' | sed 's/^ //')"
  in_root tcss --version | grep -q "$version" || fail "tcss --version in the clean root"
  loads_packaged /usr/bin/tcss
  "$with_emulator" -- "$here/check-cli.sh" "$cr" run "$root" tcss
  # Removing the packages leaves nothing behind (ldconfig trigger, no maintainer scripts).
  in_root env DEBIAN_FRONTEND=noninteractive apt-get -q -y purge tcss libtcss1 > "$tmp/purge.log" 2>&1 \
    || { cat "$tmp/purge.log"; fail "apt-get purge tcss libtcss1"; }
  ! ls "$root/usr/lib/$ma"/libtcss* > /dev/null 2>&1 || fail "libtcss files left after purge"
  echo "ok: apt-get purge tcss libtcss1 removes them"
  ;;
dev)
  # libtcss-dev as a developer installs it: a clean Debian 12 with only a
  # compiler, make, CMake and pkg-config, then `apt install ./libtcss1
  # ./libtcss-dev`; the README's C example (its code block, as pasted) is
  # built there with pkg-config and with find_package(tcss), and run.
  root=$tmp/root
  "$cr" new "$root" gcc libc6-dev make cmake pkg-config || exit $?
  "$cr" install "$root" "$lib" "$dev" > "$tmp/apt.log" 2>&1 || { cat "$tmp/apt.log"; fail "apt-get install ./libtcss1 ./libtcss-dev in a clean Debian 12 root"; }
  devs=$(in_root dpkg-query -W -f='${Package}\n' | grep -E '^(libcurl.*-dev|libcjson-dev|libmbedtls-dev)$' || true)
  [ -z "$devs" ] || fail "the clean root holds $devs: the example would not prove libtcss-dev needs no other -dev package"
  echo "ok: apt-get install ./libtcss1_*.deb ./libtcss-dev_*.deb on a clean Debian 12 (with gcc, make, cmake, pkg-config; no libcurl/cjson/mbedtls -dev)"
  mkdir -p "$root/src/consumer"
  python3 "$src/tests/docs/readme_blocks.py" extract "$src/README.md" c-example > "$root/src/add_registry.c"
  cp "$here/consumer/CMakeLists.txt" "$root/src/consumer/"
  # (pkgconf ends its output with a space: dropped)
  cflags=$(in_root pkg-config --cflags tcss | sed 's/ *$//') libs=$(in_root pkg-config --libs tcss | sed 's/ *$//')
  [ -z "$cflags" ] && [ "$libs" = "-ltcss" ] \
    || fail "pkg-config --cflags --libs tcss in the root: '$cflags' '$libs' (want nothing and -ltcss: /usr is the compiler's own)"
  echo "ok: pkg-config --cflags --libs tcss: '$cflags $libs'"
  in_root sh -c 'cd /src && gcc -std=c99 -Wall -Wextra -Werror add_registry.c $(pkg-config --cflags --libs tcss) -o add_registry_pc' \
    || fail "the README's C example does not build with pkg-config on a clean Debian 12 with libtcss-dev"
  echo "ok: built the README's C example with: gcc add_registry.c \$(pkg-config --cflags --libs tcss)"
  in_root sh -c 'cmake -S /src/consumer -B /src/cm -DTCSS_EXAMPLE=/src/add_registry.c && cmake --build /src/cm' \
    > "$tmp/cm.log" 2>&1 || { cat "$tmp/cm.log"; fail "the README's C example does not build with find_package(tcss)"; }
  grep -q "tcss_DIR:PATH=/usr/lib/$ma/cmake/tcss" "$root/src/cm/CMakeCache.txt" || fail "find_package found tcss elsewhere than /usr/lib/$ma/cmake/tcss"
  echo "ok: built the README's C example with find_package(tcss) + tcss::tcss"
  for bin in /src/add_registry_pc /src/cm/add_registry; do
    loads_packaged "$bin"
    printf '#!/bin/sh\nexec "%s" run "%s" "%s" "$@"\n' "$cr" "$root" "$bin" > "$tmp/in-root-$(basename "$bin")"
    chmod +x "$tmp/in-root-$(basename "$bin")"
    "$with_emulator" -- "$src/tests/examples/tests/test-add-registry" "$tmp/in-root-$(basename "$bin")"
  done
  ;;
*) echo "test-debs.sh: unknown mode $mode" >&2; exit 2 ;;
esac
echo "packaging.deb_$mode: passed"
