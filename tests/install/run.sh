#!/usr/bin/env bash
# run.sh MODE BUILD_DIR SOURCE_DIR LIBDIR VERSION HAVE_CLI [CFLAGS...]
#
# Installs the build into a fresh temporary prefix (`cmake --install
# --prefix`) and checks one thing about the result:
#   layout      exactly the promised files (library + SONAME links, headers,
#               CLI, tcss.pc, the CMake package), correct links and SONAME,
#               tcss.pc's plain paths and no Requires, the CLI runs from the
#               prefix, and a copied prefix still works (the CLI and CMake
#               find their own files; pkg-config with
#               --define-variable=prefix=NEW).
#   pkg-config  a tiny C consumer built with `pkg-config --cflags --libs tcss`
#               (PKG_CONFIG_PATH into the prefix) registers a registry with the
#               emulator, loading libtcss.so.1 from the prefix only.
#   cmake       the same consumer built by a CMake project with
#               find_package(tcss) + tcss::tcss (CMAKE_PREFIX_PATH); also
#               that find_package(tcss 2.0) is refused.
# CFLAGS (e.g. -fsanitize=address,undefined for the ASan build) are added to
# the consumer's compile and link.
set -euo pipefail
[ $# -ge 6 ] || { echo "usage: run.sh MODE BUILD_DIR SOURCE_DIR LIBDIR VERSION HAVE_CLI [CFLAGS...]" >&2; exit 2; }
mode=$1 build=$2 src=$3 libdir=$4 version=$5 have_cli=$6
shift 6
cflags=("$@")
here=$(cd "$(dirname "$0")" && pwd)
with_emulator=$src/tests/harness/with-emulator
cc=${CC:-cc}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
# Nothing from the build tree or the caller may help the consumer find libtcss.
unset LD_LIBRARY_PATH PKG_CONFIG_PATH CMAKE_PREFIX_PATH

cmake --install "$build" --prefix "$prefix" > "$tmp/install.log" || { cat "$tmp/install.log"; exit 1; }

fail() { echo "FAIL: $*"; exit 1; }

case "$mode" in
layout)
  {
    [ "$have_cli" = 1 ] && echo "bin/tcss"
    (cd "$src/include" && find . -name '*.h' | sed 's|^\./|include/|')
    echo "$libdir/libtcss.so"
    echo "$libdir/libtcss.so.1"
    echo "$libdir/libtcss.so.$version"
    echo "$libdir/pkgconfig/tcss.pc"
    echo "$libdir/cmake/tcss/tcssConfig.cmake"
    echo "$libdir/cmake/tcss/tcssConfigVersion.cmake"
    echo "$libdir/cmake/tcss/tcssTargets.cmake"
    echo "$libdir/cmake/tcss/tcssTargets-<config>.cmake"
  } | sort > "$tmp/expected"
  (cd "$prefix" && find . \( -type f -o -type l \) | sed 's|^\./||' \
     | sed 's|tcssTargets-[a-z]*\.cmake$|tcssTargets-<config>.cmake|' | sort) > "$tmp/installed"
  if ! diff -u --label expected --label installed "$tmp/expected" "$tmp/installed"; then
    fail "the install tree differs from what abi/install/install.cmake promises (only libtcss, its headers, the CLI, tcss.pc and the CMake package)"
  fi
  echo "ok: $(wc -l < "$tmp/installed") files installed, exactly the expected ones"

  [ "$(readlink "$prefix/$libdir/libtcss.so")" = libtcss.so.1 ] || fail "libtcss.so does not point to libtcss.so.1"
  [ "$(readlink "$prefix/$libdir/libtcss.so.1")" = "libtcss.so.$version" ] || fail "libtcss.so.1 does not point to libtcss.so.$version"
  soname=$(readelf -d "$prefix/$libdir/libtcss.so.$version" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
  [ "$soname" = libtcss.so.1 ] || fail "installed SONAME is '$soname'"
  echo "ok: libtcss.so -> libtcss.so.1 -> libtcss.so.$version, SONAME libtcss.so.1"

  # tcss.pc names the prefix it was installed to, in plain normalised paths,
  # and requires nothing else: libtcss.so.1 links its own dependencies, so a
  # machine with only the library's runtime packages can build against it.
  # (pkgconf ends its output with a space: dropped)
  pc() { PKG_CONFIG_PATH=$1/$libdir/pkgconfig pkg-config "${@:2}" tcss | sed 's/ *$//'; }
  [ "$(pc "$prefix" --modversion)" = "$version" ] || fail "pkg-config --modversion tcss is not $version"
  [ "$(pc "$prefix" --cflags)" = "-I$prefix/include" ] \
    || fail "pkg-config --cflags tcss is '$(pc "$prefix" --cflags)', not -I$prefix/include"
  [ "$(pc "$prefix" --libs)" = "-L$prefix/$libdir -ltcss" ] \
    || fail "pkg-config --libs tcss is '$(pc "$prefix" --libs)', not -L$prefix/$libdir -ltcss"
  [ -z "$(pc "$prefix" --print-requires-private)$(pc "$prefix" --print-requires)" ] \
    || fail "tcss.pc requires other modules: $(pc "$prefix" --print-requires-private)"
  [ "$(pc "$prefix" --static --libs)" = "-L$prefix/$libdir -ltcss" ] \
    || fail "pkg-config --static --libs tcss adds private libraries of the shared library: $(pc "$prefix" --static --libs)"
  echo "ok: tcss.pc: $(pc "$prefix" --cflags) $(pc "$prefix" --libs), no Requires, nothing more with --static"

  # Relocated: copy the prefix elsewhere and use it from there.
  cp -a "$prefix" "$tmp/moved"
  rm -rf "$prefix"
  moved=(--define-variable=prefix="$tmp/moved")
  [ "$(pc "$tmp/moved" "${moved[@]}" --cflags --libs)" = "-I$tmp/moved/include -L$tmp/moved/$libdir -ltcss" ] \
    || fail "pkg-config --define-variable=prefix= after relocation: $(pc "$tmp/moved" "${moved[@]}" --cflags --libs)"
  [ -r "$tmp/moved/include/tcss/tcss.h" ] || fail "the moved prefix lacks include/tcss/tcss.h"
  echo "ok: a moved prefix works with pkg-config --define-variable=prefix=NEW"
  mkdir "$tmp/cm-moved"
  cmake -S "$here/consumer" -B "$tmp/cm-moved" -DCMAKE_PREFIX_PATH="$tmp/moved" > "$tmp/cm-moved.log" 2>&1 \
    || { cat "$tmp/cm-moved.log"; fail "find_package(tcss) in the moved prefix"; }
  grep -q "tcss_DIR:PATH=$tmp/moved/" "$tmp/cm-moved/CMakeCache.txt" || fail "find_package(tcss) did not use the moved prefix"
  echo "ok: find_package(tcss) works from the moved prefix"

  if [ "$have_cli" = 1 ]; then
    out=$("$tmp/moved/bin/tcss" --version) || fail "the installed CLI does not run from the prefix"
    grep -q "$version" <<< "$out" || fail "tcss --version printed '$out'"
    resolved=$(ldd "$tmp/moved/bin/tcss" | awk '$1 == "libtcss.so.1" {print $3}')
    [ "$(realpath "$resolved")" = "$(realpath "$tmp/moved/$libdir/libtcss.so.1")" ] \
      || fail "the installed CLI loads libtcss.so.1 from '$resolved'"
    echo "ok: the installed CLI runs ($out) with the prefix's libtcss.so.1 (\$ORIGIN RUNPATH)"
  fi
  ;;
pkg-config)
  export PKG_CONFIG_PATH=$prefix/$libdir/pkgconfig
  read -r -a pc <<< "$(pkg-config --cflags --libs tcss)"
  "$cc" -std=c99 -Wall -Wextra -pedantic -Werror "${cflags[@]}" \
        "$here/consumer/consumer.c" "${pc[@]}" -o "$tmp/consumer-pkg-config"
  echo "ok: built with: $cc consumer.c ${pc[*]}"
  # No RUNPATH: the loader finds libtcss.so.1 through the prefix alone.
  LD_LIBRARY_PATH=$prefix/$libdir "$with_emulator" -- \
    "$here/check-consumer.sh" "$tmp/consumer-pkg-config" "$prefix"
  ;;
cmake)
  flags="${cflags[*]}"
  if cmake -S "$here/consumer" -B "$tmp/too-new" -DCMAKE_PREFIX_PATH="$prefix" \
       -DTCSS_CONSUMER_WANT=2.0 > "$tmp/too-new.log" 2>&1; then
    fail "find_package(tcss 2.0) accepted libtcss $version"
  fi
  echo "ok: find_package(tcss 2.0) is refused by $version"
  cmake -S "$here/consumer" -B "$tmp/consumer" -DCMAKE_PREFIX_PATH="$prefix" \
        -DCMAKE_C_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" > "$tmp/configure.log" 2>&1 \
    || { cat "$tmp/configure.log"; fail "find_package(tcss) failed"; }
  cmake --build "$tmp/consumer" > "$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; fail "the consumer did not build"; }
  grep -q "tcss_DIR:PATH=$prefix/" "$tmp/consumer/CMakeCache.txt" \
    || fail "find_package(tcss) found a package outside the prefix: $(grep tcss_DIR "$tmp/consumer/CMakeCache.txt")"
  echo "ok: built with find_package(tcss) from $(sed -n 's/^tcss_DIR:PATH=//p' "$tmp/consumer/CMakeCache.txt")"
  # CMake's RUNPATH for imported targets points at the prefix.
  "$with_emulator" -- "$here/check-consumer.sh" "$tmp/consumer/tcss_consumer" "$prefix"
  ;;
*)
  echo "run.sh: unknown mode $mode" >&2; exit 2 ;;
esac
echo "abi.install.$mode: passed"
