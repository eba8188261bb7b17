#!/usr/bin/env bash
# conformance.sh BIN_DIR: our `tcss` CLI signs requests of many shapes, then
# conformance.js re-signs each recorded one with the official Node SDK's
# sign3() and requires the identical Authorization header.
# Run under tests/harness/with-emulator (CTest: node.conformance).
set -euo pipefail
bin=${1:?usage: conformance.sh BIN_DIR}
here=$(cd "$(dirname "$0")" && pwd)
: "${TCSS_ENDPOINT:?run under tests/harness/with-emulator}"

export TCSS_REGISTRY_PASSWORD=$TCSS_MOCK_REGISTRY_PASSWORD
calls=0
add() {
  "$bin/tcss" add-registry --url "$TCSS_MOCK_REGISTRY" --username "$TCSS_MOCK_REGISTRY_USER" "$@" >/dev/null
  calls=$((calls + 1))
}

add --name plain --registry-type harbor
add --name '名前 レジストリ ünïcödé' --registry-type quay
add --name 'quotes " and \ backslash '"'"'single'"'"' $dollar' --registry-type jfrog
add --name '  spaces around  ' --registry-type aws --registry-version V2
TCSS_WEBHOOK_TOKEN=webhook-token-for-conformance \
add --name every-optional-field --registry-type azure --net-type public \
    --registry-version V2 --registry-region ap-singapore --speed-limit 1024 \
    --insecure=true --conn-detect q-1:u-1 --conn-detect :u-2 --conn-detect q-3: \
    --need-scan=false --sync-mode incremental --webhook-url 'https://hooks.example.com/x?a=1&b="2"' \
    --instance-id tcr-abc
add --name plain --registry-type harbor   # the same name again: NameRepeatErr
# Temporary credentials (X-TC-Token) and the HTTPS listener (Host: localhost:PORT).
TENCENTCLOUD_SECRET_ID=$TCSS_EMULATOR_TEMP_SECRET_ID \
TENCENTCLOUD_SECRET_KEY=$TCSS_EMULATOR_TEMP_SECRET_KEY \
TENCENTCLOUD_SESSION_TOKEN=$TCSS_EMULATOR_TEMP_TOKEN \
add --name temporary-credential --registry-type other-tcr
add --name over-tls --registry-type harbor --endpoint "$TCSS_TLS_ENDPOINT" --ca-file "$TCSS_TEST_CA"

echo "conformance.sh: $calls CLI calls made"
exec node "$here/conformance.js" --min-requests "$calls"
