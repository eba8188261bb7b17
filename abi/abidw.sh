#!/usr/bin/env bash
# abidw.sh LIBRARY OUT_ABI HEADERS_DIR
# Writes LIBRARY's ABI with exactly the options the baseline was made with,
# so a fresh build and abi/baseline/libtcss.so.1.abi compare like for like:
# public types only, no paths or line numbers (the file is committed, and
# moving a declaration within the header is not an ABI change).
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: abidw.sh LIBRARY OUT_ABI HEADERS_DIR" >&2; exit 2; }
exec abidw --headers-dir "$3" --drop-private-types --exported-interfaces-only \
     --no-corpus-path --no-comp-dir-path --no-show-locs --drop-undefined-syms \
     --out-file "$2" "$1"
