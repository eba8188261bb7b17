#!/usr/bin/env bash
# The JSON Schema validator for tests/reports (jsonschema and its
# dependencies, pinned in tests/reports/requirements.txt) in a venv of its
# own, tests/reports/.venv, never the system Python. Idempotent: does
# nothing when the venv already has exactly the pinned versions.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=$root/tests/reports
req=$dir/requirements.txt
venv=$dir/.venv
want=$(sed 's/#.*//; /^[[:space:]]*$/d' "$req" | tr 'A-Z_' 'a-z-' | sort)
if [ -x "$venv/bin/python" ]; then
  have=$("$venv/bin/python" -m pip freeze --all 2>/dev/null | grep -viE '^(pip|setuptools|wheel)==' | tr 'A-Z_' 'a-z-' | sort || true)
  [ "$have" != "$want" ] || exit 0
fi
python3 -c 'import venv, ensurepip' 2>/dev/null || {
  echo "scripts/deps/reports.sh: python3-venv is missing (scripts/deps/packaging.apt installs it)" >&2; exit 1; }
echo "scripts/deps/reports.sh: installing the pinned jsonschema into tests/reports/.venv" >&2
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$req"
