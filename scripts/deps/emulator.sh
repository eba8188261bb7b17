#!/usr/bin/env bash
# The official Node SDK for tests/node, exactly as pinned in
# tests/node/package-lock.json. Idempotent: does nothing once installed.
set -euo pipefail
dir=$(cd "$(dirname "$0")/../../tests/node" && pwd)
if [ -f "$dir/node_modules/tencentcloud-sdk-nodejs-intl-en/package.json" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "scripts/deps/emulator.sh: npm not found; the node tests will fail until it is installed" >&2
  exit 0
fi
cd "$dir"
npm ci --no-audit --no-fund --loglevel=error
