#!/usr/bin/env bash
# check-consumer.sh BINARY PREFIX   (run under tests/harness/with-emulator)
#
# Runs a consumer built against the libtcss installed in PREFIX and checks
#   - the dynamic loader resolves libtcss.so.1 to PREFIX's copy, nothing else;
#   - it registers the mock registry and prints an id;
#   - the emulator stored that registry under that id, with the name given.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: check-consumer.sh BINARY PREFIX" >&2; exit 2; }
bin=$1 prefix=$2
: "${TCSS_EMULATOR:?run me under tests/harness/with-emulator}"

resolved=$(ldd "$bin" | awk '$1 == "libtcss.so.1" {print $3}')
want=$(find "$prefix" -name libtcss.so.1 | head -n 1)
if [ -z "$resolved" ] || [ "$(realpath "$resolved")" != "$(realpath "$want")" ]; then
  echo "FAIL: $bin loads libtcss.so.1 from '${resolved:-nowhere}', not the installed $want"
  ldd "$bin"
  exit 1
fi
echo "ok: libtcss.so.1 resolves to $resolved"

name="install-consumer-$(basename "$bin")-$$"
out=$("$bin" "$name")
echo "$out"
id=$(sed -n 's/.* registry_id=\([0-9][0-9]*\) already_existed=0$/\1/p' <<< "$out")
[ -n "$id" ] || { echo "FAIL: no new registry id in the consumer's output"; exit 1; }

state=$(mktemp)
trap 'rm -f "$state"' EXIT
curl -fsS "$TCSS_EMULATOR/__emulator/state" > "$state"
python3 - "$name" "$id" "$state" <<'PY'
import json, sys
name, rid, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
regs = json.load(open(path))["registries"]
hits = [r for r in regs if r.get("RegistryId") == rid]
if len(hits) != 1 or hits[0].get("Name") != name or hits[0].get("RegistryType") != "harbor":
    sys.exit("FAIL: the emulator has no registry %d named %s: %r" % (rid, name, regs))
print("ok: the emulator stored registry %d (%s)" % (rid, name))
PY
