#!/usr/bin/env bash
# check-cli.sh TCSS_COMMAND...   (run under tests/harness/with-emulator)
#
# Runs `TCSS_COMMAND... add-registry ...` with the password on standard input
# (TCSS_COMMAND is the tcss binary, or `podman run ... IMAGE` for the image)
# and checks: exit 0, "registry N added", no secret in the output, and the
# emulator stored registry N under that name. Then runs it again: exit 0 and
# "already existed" with the same id.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: check-cli.sh TCSS_COMMAND..." >&2; exit 2; }
: "${TCSS_EMULATOR:?run me under tests/harness/with-emulator}"
name="packaging-cli-$$"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
add() {
  printf '%s' "$TCSS_MOCK_REGISTRY_PASSWORD" | "$@" add-registry --name "$name" \
    --url "$TCSS_MOCK_REGISTRY" --registry-type harbor --username "$TCSS_MOCK_REGISTRY_USER" \
    --password-stdin --registry-version V2 > "$tmp/out" 2> "$tmp/err"
}
rc=0; add "$@" || rc=$?
cat "$tmp/out" "$tmp/err"
[ "$rc" = 0 ] || { echo "FAIL: tcss add-registry exited $rc"; exit 1; }
id=$(sed -n 's/^registry \([0-9][0-9]*\) added.*/\1/p' "$tmp/out")
[ -n "$id" ] || { echo "FAIL: no 'registry N added' line"; exit 1; }
if grep -qF -- "$TCSS_MOCK_REGISTRY_PASSWORD" "$tmp/out" "$tmp/err" ||
   grep -qF -- "$TENCENTCLOUD_SECRET_KEY" "$tmp/out" "$tmp/err"; then
  echo "FAIL: a secret appears in the output"; exit 1
fi
curl -fsS --noproxy '*' "$TCSS_EMULATOR/__emulator/state" > "$tmp/state"
python3 - "$name" "$id" "$tmp/state" <<'PY'
import json, sys
name, rid, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
hits = [r for r in json.load(open(path))["registries"] if r.get("RegistryId") == rid]
if len(hits) != 1 or hits[0].get("Name") != name:
    sys.exit("FAIL: the emulator holds no registry %d named %s" % (rid, name))
print("ok: the emulator stored registry %d (%s)" % (rid, name))
PY
rc=0; add "$@" || rc=$?
[ "$rc" = 0 ] && grep -q "^registry $id already existed" "$tmp/out" \
  || { cat "$tmp/out" "$tmp/err"; echo "FAIL: the second run did not report registry $id as existing (exit $rc)"; exit 1; }
echo "ok: tcss add-registry added registry $id, and again reports it already existed"
