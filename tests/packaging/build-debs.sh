#!/usr/bin/env bash
# build-debs.sh SOURCE_DIR OUT_DIR
#
# The Debian packages the way a distribution builds them: a build of its own
# (OUT_DIR, kept between runs so that re-runs are incremental) configured for
# /usr, no tests, then `cmake --build OUT_DIR --target package`. Leaves
# libtcss1_*.deb, libtcss-dev_*.deb and tcss_*.deb in OUT_DIR. The fixture
# (packaging.debs) of the other packaging.* tests.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: build-debs.sh SOURCE_DIR OUT_DIR" >&2; exit 2; }
src=$1 out=$2
rm -f "$out"/*.deb
cmake -S "$src" -B "$out" -DCMAKE_INSTALL_PREFIX=/usr -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTCSS_WERROR=ON -DTCSS_BUILD_TESTS=OFF -DTCSS_BUILD_EXAMPLES=OFF -DTCSS_BUILD_FUZZ=OFF \
  -DTCSS_BUILD_BENCH=OFF -DTCSS_BUILD_JAVA=OFF -DTCSS_BUILD_PYTHON=OFF -DTCSS_BUILD_GITLAB=OFF \
  > "$out.configure.log" 2>&1 || { cat "$out.configure.log"; exit 1; }
cmake --build "$out" -j"$(nproc)" --target package > "$out.build.log" 2>&1 \
  || { tail -n 60 "$out.build.log"; exit 1; }
for p in libtcss1 libtcss-dev tcss; do
  ls "$out/${p}_"*.deb > /dev/null 2>&1 || { echo "FAIL: no ${p}_*.deb in $out"; exit 1; }
done
ls -l "$out"/*.deb
