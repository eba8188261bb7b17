#!/usr/bin/env bash
# conformance.js must fail when it should: 2 when the emulator recorded
# nothing, 1 when a recorded signature is not what sign3() makes.
# Run under tests/harness/with-emulator (CTest: node.conformance_selftest).
set -u
cd "$(dirname "$0")"
expect() { # status what
  if [ "$status" -ne "$1" ]; then
    echo "not ok - conformance.js exited $status $2, expected $1" >&2
    exit 1
  fi
  echo "ok - conformance.js exits $1 $2"
}
node conformance.js; status=$?
expect 2 "when nothing was recorded"
node sdk_against_emulator.js wrong-key || exit 1
node conformance.js; status=$?
expect 1 "on a request signed with the wrong key"
