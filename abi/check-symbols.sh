#!/usr/bin/env bash
# check-symbols.sh LIBRARY SYMBOLS_FILE INCLUDE_DIR EXPECTED_SONAME [PROJECT_VERSION]
#
# Holds the exported surface of libtcss.so to what abi/symbols-in-versions
# records (see abi/ABI.md):
#   1. the SONAME is EXPECTED_SONAME;
#   2. `nm -D --defined-only` lists exactly the symbols of SYMBOLS_FILE;
#   3. each of them carries, as its default version, the node of the release
#      that introduced it: TCSS_1 for 1.0.x, TCSS_1.1 for 1.1.x, ... (the
#      nodes of abi/libtcss.map);
#   4. the public headers under INCLUDE_DIR declare exactly those functions
#      (TCSS_EXTERN), so nothing is exported undeclared or declared unexported;
#   5. SYMBOLS_FILE itself is well formed: "symbol x.y.z", no duplicates, no
#      version newer than PROJECT_VERSION.
# Prints a diff and fails on any mismatch.
set -euo pipefail

if [ $# -lt 4 ] || [ $# -gt 5 ]; then
  echo "usage: check-symbols.sh LIBRARY SYMBOLS_FILE INCLUDE_DIR EXPECTED_SONAME [PROJECT_VERSION]" >&2
  exit 2
fi
lib=$1 list=$2 incdir=$3 want_soname=$4 project_version=${5:-}

for f in "$lib" "$list"; do
  [ -r "$f" ] || { echo "check-symbols: cannot read $f" >&2; exit 2; }
done
[ -d "$incdir" ] || { echo "check-symbols: no such folder $incdir" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }

# 1. SONAME
soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
if [ "$soname" != "$want_soname" ]; then
  fail "SONAME of $lib is '${soname:-<none>}', expected '$want_soname'"
else
  echo "ok: SONAME $soname"
fi

# 5. The list: strip comments and blank lines, two columns, x.y.z versions.
sed 's/#.*//' "$list" | awk 'NF' > "$tmp/list.raw"
if bad=$(awk 'NF != 2 || $1 !~ /^tcss_[A-Za-z0-9_]+$/ || $2 !~ /^[0-9]+\.[0-9]+\.[0-9]+$/' "$tmp/list.raw") && [ -n "$bad" ]; then
  fail "malformed lines in $list (want 'tcss_symbol MAJOR.MINOR.PATCH'):"
  printf '%s\n' "$bad" | sed 's/^/    /'
fi
awk '{print $1}' "$tmp/list.raw" | sort > "$tmp/listed"
if dups=$(uniq -d "$tmp/listed") && [ -n "$dups" ]; then
  fail "symbols listed twice in $list: $(echo $dups)"
fi
sort -u -o "$tmp/listed" "$tmp/listed"
if [ -n "$project_version" ]; then
  newer=$(awk -v pv="$project_version" '
    function key(v,  p) { split(v, p, "."); return p[1] * 1000000 + p[2] * 1000 + p[3] }
    NF == 2 && $2 ~ /^[0-9]+\.[0-9]+\.[0-9]+$/ && key($2) > key(pv) { print "    " $1 " " $2 }' "$tmp/list.raw")
  if [ -n "$newer" ]; then
    fail "symbols introduced after the project version $project_version:"
    printf '%s\n' "$newer"
  fi
fi

# 2. and 3. What the library exports. The version nodes themselves show up as
# absolute symbols named after them (e.g. "A TCSS_1"); they are not functions.
nm -D --defined-only "$lib" | awk '!($2 == "A" && $3 ~ /^TCSS_/) {print $3}' \
  | sort > "$tmp/exported.versioned"
sed 's/@.*//' "$tmp/exported.versioned" | sort -u > "$tmp/exported"
if ! diff -u --label "listed in $(basename "$list")" --label "exported by $(basename "$lib")" \
     "$tmp/listed" "$tmp/exported" > "$tmp/diff"; then
  fail "exported symbols differ from $list"
  echo "  lines with '-' are listed but not exported (removed or hidden: an ABI break),"
  echo "  lines with '+' are exported but not listed (add them with the version they appear in):"
  sed 's/^/    /' "$tmp/diff"
else
  echo "ok: $(wc -l < "$tmp/exported") exported symbols match $(basename "$list")"
fi
# The node each listed symbol belongs in: TCSS_<major> for x.0.z, else
# TCSS_<major>.<minor>.
awk '{ split($2, v, "."); node = "TCSS_" v[1]; if (v[2] + 0 > 0) node = node "." v[2];
       print $1 "@@" node }' "$tmp/list.raw" | sort > "$tmp/expected.versioned"
if wrong=$(comm -13 "$tmp/expected.versioned" "$tmp/exported.versioned") && [ -n "$wrong" ]; then
  fail "symbols not in the version node of the release that introduced them (want symbol@@TCSS_1 for 1.0.x, @@TCSS_1.1 for 1.1.x):"
  printf '%s\n' "$wrong" | sed 's/^/    /'
else
  echo "ok: every exported symbol carries the version node of its release"
fi

# 4. What the public headers declare: TCSS_EXTERN(type) tcss_name(  -- outside
# preprocessor lines, where TCSS_EXTERN itself is defined. Experimental
# functions are named tcssx_* (ABI.md): the version script hides them and
# they are not part of this comparison.
find "$incdir" -name '*.h' -print0 | sort -z | xargs -0 cat \
  | sed '/^[[:space:]]*#/d' | tr '\n' ' ' | grep -o 'TCSS_EXTERN([^)]*)[[:space:]]*[A-Za-z_][A-Za-z0-9_]*[[:space:]]*(' \
  | sed 's/^TCSS_EXTERN([^)]*)[[:space:]]*//; s/[[:space:]]*($//' \
  | grep '^tcss_' | sort -u > "$tmp/declared" || true
if ! diff -u --label "listed in $(basename "$list")" --label "declared under $incdir" \
     "$tmp/listed" "$tmp/declared" > "$tmp/hdiff"; then
  fail "functions declared in the public headers differ from $list"
  sed 's/^/    /' "$tmp/hdiff"
else
  echo "ok: the public headers declare exactly the listed functions"
fi

if [ "$failed" -ne 0 ]; then
  echo "check-symbols: FAILED (see abi/ABI.md for what may change and how)"
  exit 1
fi
echo "check-symbols: passed"
