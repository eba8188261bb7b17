#!/usr/bin/env bash
# check-init-macros.sh CC CXX INCLUDE_DIR
#
# Every static initialiser in the public headers must set every field of its
# struct, so that a field added to a struct without its *_INIT macro fails
# here rather than silently starting out zero in callers' code.
#
# Finds each `#define TCSS_<NAME>_INIT` under INCLUDE_DIR whose struct
# `tcss_<name>` exists (new headers and structs are picked up on their own),
# then checks it two ways:
#   C99:   `tcss_<name> x = TCSS_<NAME>_INIT;` under -Wall -Wextra -pedantic
#          -Werror -Wmissing-field-initializers, which rejects an initialiser
#          that leaves out trailing fields; too many or ill-typed ones fail too.
#   C++17: a static_assert that the number of elements in the macro equals
#          the number of fields of the struct, counted by brace-initialising
#          it with 1, 2, 3, ... convertible-to-anything values.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: check-init-macros.sh CC CXX INCLUDE_DIR" >&2; exit 2; }
cc=$1 cxx=$2 incdir=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mapfile -t headers < <(cd "$incdir" && find . -name '*.h' | sed 's|^\./||' | sort)
[ ${#headers[@]} -gt 0 ] || { echo "check-init-macros: no headers under $incdir" >&2; exit 2; }
mapfile -t macros < <(cd "$incdir" && cat "${headers[@]}" \
  | sed -n 's/^[[:space:]]*#[[:space:]]*define[[:space:]]\{1,\}\(TCSS_[A-Z0-9_]*_INIT\)\b.*/\1/p' | sort -u)

pairs=()
for macro in "${macros[@]}"; do
  type=$(echo "${macro%_INIT}" | tr 'A-Z' 'a-z')
  if (cd "$incdir" && cat "${headers[@]}") | grep -Eq "\}[[:space:]]*${type}[[:space:]]*;"; then
    pairs+=("$macro $type")
  else
    echo "check-init-macros: $macro has no struct $type (name the struct after its macro)"
    exit 1
  fi
done
[ ${#pairs[@]} -gt 0 ] || { echo "check-init-macros: no *_INIT macros found under $incdir" >&2; exit 1; }

{
  for h in "${headers[@]}"; do echo "#include <$h>"; done
  i=0
  for p in "${pairs[@]}"; do
    set -- $p
    echo "$2 tcss_init_check_$i = $1;"
    i=$((i + 1))
  done
  echo "int main(void) { return 0; }"
} > "$tmp/init.c"

{
  for h in "${headers[@]}"; do echo "#include <$h>"; done
  cat <<'CPP'
#include <cstddef>
#include <type_traits>
#include <utility>

namespace {
// Converts to any field type; only used in unevaluated contexts.
struct any_field {
    template <class T> operator T() const;
};

template <class T, class Seq, class = void>
struct brace_initialisable_with : std::false_type {};
template <class T, std::size_t... I>
struct brace_initialisable_with<T, std::index_sequence<I...>,
    std::void_t<decltype(T{(void(I), any_field{})...})>> : std::true_type {};

// The number of fields of the aggregate T: the largest N for which
// T{x1, ..., xN} compiles.
template <class T, std::size_t N = 0>
constexpr std::size_t field_count() {
    if constexpr (brace_initialisable_with<T, std::make_index_sequence<N + 1>>::value)
        return field_count<T, N + 1>();
    else
        return N;
}
} // namespace

// The number of comma-separated elements of a braced initialiser macro: the
// braces do not group arguments, so { a, b, c } is three.
#define TCSS_COUNT_(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, \
    a15, a16, a17, a18, a19, a20, a21, a22, a23, a24, a25, a26, a27, a28, a29, \
    a30, a31, a32, a33, a34, a35, a36, a37, a38, a39, a40, a41, a42, a43, a44, \
    a45, a46, a47, a48, a49, a50, a51, a52, a53, a54, a55, a56, a57, a58, a59, \
    a60, a61, a62, a63, a64, N, ...) N
#define TCSS_COUNT(...) TCSS_COUNT_(__VA_ARGS__, 64, 63, 62, 61, 60, 59, 58, 57, \
    56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40, 39, 38, \
    37, 36, 35, 34, 33, 32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, \
    18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define TCSS_ELEMENTS(init) TCSS_COUNT(init)

CPP
  for p in "${pairs[@]}"; do
    set -- $p
    echo "static_assert(std::is_aggregate<$2>::value, \"$2 is an aggregate\");"
    echo "static_assert(TCSS_ELEMENTS($1) == field_count<$2>(),"
    echo "              \"$1 must initialise every field of $2\");"
    echo "static_assert(field_count<$2>() > 1 && TCSS_ELEMENTS($1) < 64, \"counting works for $2\");"
  done
  echo "int main() { return 0; }"
} > "$tmp/count.cpp"

# Both checks always run, so each is seen to work on its own.
failed=0
if ! "$cc" -std=c99 -Wall -Wextra -pedantic -Werror -Wmissing-field-initializers \
      -I"$incdir" -c "$tmp/init.c" -o "$tmp/init.o"; then
  echo "check-init-macros: FAIL(c99): an initialiser does not set every field (compiler output above)"
  failed=1
fi
if ! "$cxx" -std=c++17 -Wall -Wextra -pedantic -Werror -I"$incdir" -c "$tmp/count.cpp" -o "$tmp/count.o"; then
  echo "check-init-macros: FAIL(c++17): an initialiser's element count differs from its struct's field count"
  failed=1
fi
[ "$failed" -eq 0 ] || exit 1
echo "check-init-macros: ${#pairs[@]} initialiser(s) set every field: ${macros[*]}"
