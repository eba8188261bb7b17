#!/usr/bin/env bash
# tccli_check.sh TCCLI TCSS: tccli (tccli-intl-en, the official CLI, pinned
# in scripts/deps/peers.sh) registers a registry with the emulator as
# BENCHMARKS.md's cold-registration comparison runs it, and the two CLIs
# agree on the result: ours then finds tccli's registry (already existed,
# the same RegistryId), and tccli finds ours (NameRepeatErr). A wrong
# SecretKey is refused for tccli too. Run under tests/harness/with-emulator.
set -euo pipefail
tccli=${1:?usage: tccli_check.sh TCCLI TCSS} tcss=${2:?usage: tccli_check.sh TCCLI TCSS}
: "${TCSS_ENDPOINT:?run under tests/harness/with-emulator}"
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TCSS_REGISTRY_PASSWORD=$TCSS_MOCK_REGISTRY_PASSWORD
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY
"$tccli" --version

# tccli takes the endpoint with its scheme (else https) and the password as an argument.
tc() {
  "$tccli" tcss AddAssetImageRegistryRegistryDetail --region ap-singapore --endpoint "$TCSS_ENDPOINT" \
    --Username "$TCSS_MOCK_REGISTRY_USER" --Password "$TCSS_MOCK_REGISTRY_PASSWORD" \
    --Url "$TCSS_MOCK_REGISTRY" --RegistryType harbor --NetType public --RegistryVersion V2 "$@"
}
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$@"; }

tc --Name by-tccli > "$tmp/first.json" || { cat "$tmp/first.json"; fail "tccli could not register"; }
id=$(field "$tmp/first.json" RegistryId)
[ "$id" -gt 0 ] || fail "tccli's RegistryId is $id"
[ -z "$(field "$tmp/first.json" NameRepeatErr)" ] || fail "a first registration reported NameRepeatErr"
echo "ok: tccli registered by-tccli as registry $id"

"$tcss" add-registry --output json --name by-tccli --url "$TCSS_MOCK_REGISTRY" --registry-type harbor \
  --username "$TCSS_MOCK_REGISTRY_USER" --registry-version V2 --region ap-singapore > "$tmp/ours.json"
[ "$(field "$tmp/ours.json" RegistryId)" = "$id" ] && [ "$(field "$tmp/ours.json" AlreadyExisted)" = True ] \
  || { cat "$tmp/ours.json"; fail "our CLI did not find tccli's registry $id"; }
echo "ok: our tcss finds tccli's registry (already existed, registry $id)"

"$tcss" add-registry --name by-tcss --url "$TCSS_MOCK_REGISTRY" --registry-type harbor \
  --username "$TCSS_MOCK_REGISTRY_USER" --region ap-singapore > /dev/null
tc --Name by-tcss > "$tmp/again.json"
[ -n "$(field "$tmp/again.json" NameRepeatErr)" ] || { cat "$tmp/again.json"; fail "tccli did not see ours"; }
echo "ok: tccli finds ours (NameRepeatErr)"

if TENCENTCLOUD_SECRET_KEY=not-the-key tc --Name wrong-key > "$tmp/wrong.out" 2>&1; then
  fail "tccli with a wrong SecretKey succeeded"
fi
grep -q 'AuthFailure.SignatureFailure' "$tmp/wrong.out" || { cat "$tmp/wrong.out"; fail "no AuthFailure.SignatureFailure"; }
echo "ok: tccli with a wrong SecretKey: AuthFailure.SignatureFailure"
echo "peers.tccli: passed"
