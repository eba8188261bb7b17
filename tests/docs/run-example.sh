#!/usr/bin/env bash
# run-example.sh README NAME SUFFIX -- COMMAND...   (under tests/harness/with-emulator)
#
# Runs a README's example program (the block marked NAME, see readme_blocks.py)
# the way a user would, against the emulator: COMMAND with {} standing for
# the block's file (e.g. `python3 {}`). The example's placeholders are pointed
# at the mock registry: its URL https://harbor.example.com and its user robot;
# HARBOR_PASSWORD holds the registry's password. Checks: the first run prints
# "<id> added", the emulator holds that registry under the example's name and
# user, no secret appears in the output, and a second run reports the same id
# as already there.
set -euo pipefail
[ $# -ge 5 ] && [ "$4" = -- ] || { echo "usage: run-example.sh README NAME SUFFIX -- COMMAND..." >&2; exit 2; }
readme=$1 name=$2 suffix=$3
shift 4
: "${TCSS_EMULATOR:?run under tests/harness/with-emulator}"
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HARBOR_PASSWORD=$TCSS_MOCK_REGISTRY_PASSWORD
run() {
  rc=0
  python3 "$here/readme_blocks.py" run "$readme" "$name" "$suffix" \
    "https://harbor.example.com=>$TCSS_MOCK_REGISTRY" "\"robot\"=>\"$TCSS_MOCK_REGISTRY_USER\"" -- "$@" \
    > "$tmp/out" 2> "$tmp/err" || rc=$?
  cat "$tmp/out" "$tmp/err"
  if grep -qF -- "$TCSS_MOCK_REGISTRY_PASSWORD" "$tmp/out" "$tmp/err" ||
     grep -qF -- "$TENCENTCLOUD_SECRET_KEY" "$tmp/out" "$tmp/err"; then
    echo "FAIL: a secret appears in the output of $name"; exit 1
  fi
}
run "$@"
[ "$rc" = 0 ] || { echo "FAIL: $readme's $name exited $rc"; exit 1; }
id=$(sed -n 's/^\([0-9][0-9]*\) added$/\1/p' "$tmp/out")
[ -n "$id" ] || { echo "FAIL: $readme's $name printed no '<id> added'"; exit 1; }
curl -fsS --noproxy '*' "$TCSS_EMULATOR/__emulator/state" | python3 -c '
import json, sys
rid, user = int(sys.argv[1]), sys.argv[2]
hits = [r for r in json.load(sys.stdin)["registries"] if r.get("RegistryId") == rid]
if len(hits) != 1 or hits[0].get("Name") != "harbor-prod" or hits[0].get("Username") != user:
    sys.exit("FAIL: the emulator holds no registry %d named harbor-prod for %s" % (rid, user))
print("ok: the emulator stored registry %d (harbor-prod)" % rid)' "$id" "$TCSS_MOCK_REGISTRY_USER"
run "$@"
[ "$rc" = 0 ] && grep -Eq "^$id (already existed|\(already there\))$" "$tmp/out" \
  || { echo "FAIL: the second run of $name did not report registry $id as already there (exit $rc)"; exit 1; }
echo "ok: $readme's $name registers, and a rerun reports registry $id as already there"
