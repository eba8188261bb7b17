#!/usr/bin/env bash
# tests/bench/ measures the official Node SDK (tencentcloud-sdk-nodejs-intl-en,
# pinned in tests/node/package-lock.json) in tests/node/node_modules, where
# the emulator's installer puts it too. Idempotent: does nothing when the
# pinned version is already there.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=$root/tests/node
[ -f "$dir/package-lock.json" ] || exit 0
want=$(sed -n 's/.*"tencentcloud-sdk-nodejs-intl-en": *"\([^"]*\)".*/\1/p' "$dir/package.json" | head -n1)
have=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' \
  "$dir/node_modules/tencentcloud-sdk-nodejs-intl-en/package.json" 2>/dev/null | head -n1 || true)
if [ -n "$want" ] && [ "$have" = "$want" ]; then
  exit 0
fi
echo "scripts/deps/bench.sh: installing tencentcloud-sdk-nodejs-intl-en $want into tests/node" >&2
cd "$dir"
npm ci --no-audit --no-fund --loglevel=error >/dev/null
