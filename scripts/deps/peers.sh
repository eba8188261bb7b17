#!/usr/bin/env bash
# The official Tencent Cloud CLI (tccli-intl-en) and Python SDK
# (tencentcloud-sdk-python-intl-en, which tccli brings) for tests/peers,
# every package pinned with its hash, in a venv of their own:
# tests/peers/.venv (never the system Python). About 400 MB: the SDK carries
# every product. Idempotent: does nothing when the venv already holds
# exactly these pins.
#
# Also the official Go SDK's common module (TencentCloud/tencentcloud-sdk-go,
# pinned in tests/peers/go/go.mod and go.sum) for peers.go_sdk_oracle: `go mod
# download` into tests/peers/go/.cache (tests/peers/go/goenv.sh), checked
# against go.sum, and a first build there, so that the test then builds
# offline. Skipped, with a note, when no go command is installed (the test is
# then skipped too).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)

(
  # A subshell: goenv.sh's settings (XDG_CONFIG_HOME among them) are not pip's.
  . "$root/tests/peers/go/goenv.sh"
  if [ -z "$go" ]; then
    echo "scripts/deps/peers.sh: no go command; peers.go_sdk_oracle will be skipped" >&2
    exit 0
  fi
  cd "$root/tests/peers/go"
  "$go" mod download
  "$go" build -o /dev/null .
)
venv=$root/tests/peers/.venv
pins='tccli-intl-en==3.1.193.1 --hash=sha256:e76810a5f00913fa4754978059649ff7bf9b5845f7959dacf25c616b96896e2f
tencentcloud-sdk-python-intl-en==3.1.193 --hash=sha256:6538fe201911d918ea6e9e21a48b0dbe4b5a61e8516fd3cbb81728736d5a61bc
jmespath==1.1.0 --hash=sha256:a5663118de4908c91729bea0acadca56526eb2698e83de10cd116ae0f4e97c64
six==1.17.0 --hash=sha256:4721f391ed90541fddacab5acf947aa0d3dc7d27b2e1e8eda2be8970586c3274
requests==2.34.2 --hash=sha256:2a0d60c172f83ac6ab31e4554906c0f3b3588d37b5cb939b1c061f4907e278e0
certifi==2026.10.19.post1 --hash=sha256:1324c476b4811eff41a8bc2122cd0bbd4d9c7234c725446d99ab1612b3a7fdd2
charset-normalizer==3.5.3 --hash=sha256:2a6f937e0b70133d1f826d0a253331b6fe1a4c874808cc12e16f2fb8177042f4
idna==3.21 --hash=sha256:387ab0bbea1ee7a196ea5b24eb007bad0242cc3127fe96713939942bc9e720d7
urllib3==2.8.0 --hash=sha256:0cf3cae568d36aa9576b28dfb35f11328f1cb974ca7647d9475ebb86c75ac6e3'
stamp=$venv/pins.txt
if [ -x "$venv/bin/tccli" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$pins" ]; then
  exit 0
fi
if ! /usr/bin/python3 -c 'import ensurepip, venv' 2> /dev/null; then
  echo "scripts/deps/peers.sh: /usr/bin/python3 lacks venv (apt-get install python3-venv; scripts/deps/python.apt)" >&2
  exit 1
fi
echo "scripts/deps/peers.sh: installing tccli-intl-en and the Python SDK into $venv" >&2
rm -rf "$venv"
/usr/bin/python3 -m venv "$venv"
printf '%s\n' "$pins" > "$venv/requirements.txt"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
  --only-binary :all: -r "$venv/requirements.txt"
printf '%s\n' "$pins" > "$stamp"
