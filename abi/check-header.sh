#!/usr/bin/env bash
# check-header.sh COMPILER STD INCLUDE_DIR HEADER
#
# Compiles a translation unit that includes only HEADER (a path relative to
# INCLUDE_DIR, e.g. tcss/tcss.h), twice, to prove it is self-contained,
# guarded against double inclusion, and clean under
#   -std=STD -Wall -Wextra -pedantic -Werror
# STD is a C standard (c99, ...) or a C++ one (c++11, ...); COMPILER must
# match it (gcc/clang for C, g++/clang++ for C++).
set -euo pipefail
[ $# -eq 4 ] || { echo "usage: check-header.sh COMPILER STD INCLUDE_DIR HEADER" >&2; exit 2; }
compiler=$1 std=$2 incdir=$3 header=$4
[ -r "$incdir/$header" ] || { echo "check-header: no header $incdir/$header" >&2; exit 2; }
case "$std" in
  c++*|gnu++*) ext=cpp ;;
  *) ext=c ;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/alone.$ext" <<TU
#include <$header>
#include <$header>
/* Something of our own, so the unit is never empty whatever the header holds. */
int tcss_header_test_anchor(void);
int tcss_header_test_anchor(void) { return 0; }
TU
set -x
"$compiler" -std="$std" -Wall -Wextra -pedantic -Werror -I"$incdir" -c "$tmp/alone.$ext" -o "$tmp/alone.o"
