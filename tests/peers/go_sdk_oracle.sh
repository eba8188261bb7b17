#!/usr/bin/env bash
# go_sdk_oracle.sh OUT_DIR TCSS_CLI: builds tests/peers/go (the Go SDK as a
# signing oracle, main.go) into OUT_DIR offline, from the modules
# scripts/deps/peers.sh downloaded into tests/peers/go/.cache, and runs it
# under tests/harness/with-emulator against our CLI. Skipped (77) only when
# no go command is installed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: go_sdk_oracle.sh OUT_DIR TCSS_CLI} tcss=${2:?usage: go_sdk_oracle.sh OUT_DIR TCSS_CLI}
. "$here/go/goenv.sh"
if [ -z "$go" ]; then
  echo "skipped: no go command (neither on PATH nor /usr/local/go/bin/go); the Go SDK oracle needs Go"
  exit 77
fi
# Offline: the test never reaches the module proxy.
export GOPROXY=off
if ! "$go" build -C "$here/go" -o "$out/go_sdk_oracle" .; then
  echo "FAIL: could not build tests/peers/go offline; its modules come from scripts/deps/peers.sh (go mod download into tests/peers/go/.cache)"
  exit 1
fi
exec "$here/../harness/with-emulator" -- "$out/go_sdk_oracle" "$tcss"
