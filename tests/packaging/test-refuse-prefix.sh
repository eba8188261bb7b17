#!/usr/bin/env bash
# test-refuse-prefix.sh BUILD_DIR
# A build configured for another prefix than /usr (the default /usr/local)
# must refuse to make Debian packages and say how to configure for them.
set -euo pipefail
build=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if cpack --config "$build/CPackConfig.cmake" -B "$tmp" > "$tmp/log" 2>&1; then
  cat "$tmp/log"; echo "FAIL: cpack made packages from a build for $(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build/CMakeCache.txt")"; exit 1
fi
grep -q 'CMAKE_INSTALL_PREFIX=/usr' "$tmp/log" || { cat "$tmp/log"; echo "FAIL: cpack failed without saying why"; exit 1; }
! ls "$tmp"/*.deb > /dev/null 2>&1 || { echo "FAIL: .deb files were written"; exit 1; }
echo "ok: cpack refuses a /usr/local build: $(grep -o 'Debian packages need.*' "$tmp/log" | head -n 1)"
