#!/usr/bin/env bash
# test-wheel.sh SOURCE_DIR BUILD_DIR VERSION
#
# Builds the tcss wheel offline the way bindings/python/pyproject.toml says
# (Debian's python3 with python3-setuptools and python3-wheel, `pip wheel
# --no-build-isolation --no-index`, the library from TCSS_BUILD_DIR), then
# installs it into a fresh venv and, with no PYTHONPATH, TCSS_LIBRARY or
# LD_LIBRARY_PATH, imports tcss there and registers against the emulator.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: test-wheel.sh SOURCE_DIR BUILD_DIR VERSION" >&2; exit 2; }
src=$1 build=$2 version=$3
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
fail() { echo "FAIL: $*"; exit 1; }
"$py" -c 'import setuptools, wheel, venv, ensurepip' 2> /dev/null \
  || { echo "skipped: Debian's python3-setuptools, python3-wheel, python3-venv needed (scripts/deps/packaging.apt)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A copy: building in place would leave build/ and *.egg-info in the source tree.
cp -a "$src/bindings/python" "$tmp/src"
rm -rf "$tmp/src/build" "$tmp/src"/*.egg-info
TCSS_BUILD_DIR=$build PIP_NO_INDEX=1 "$py" -m pip wheel --no-build-isolation --no-index --no-deps \
  -w "$tmp/dist" "$tmp/src" > "$tmp/wheel.log" 2>&1 || { cat "$tmp/wheel.log"; fail "pip wheel"; }
whl=$(ls "$tmp/dist"/tcss-"$version"-py3-none-*.whl) || fail "no tcss-$version-py3-none-*.whl"
echo "ok: built $(basename "$whl")"
"$py" -m zipfile -l "$whl" > "$tmp/list"
for f in tcss/libtcss.so.1 tcss/py.typed tcss/__init__.pyi tcss/__init__.py tcss/_native.py; do
  grep -q "^$f " "$tmp/list" || fail "the wheel lacks $f"
done
echo "ok: the wheel carries libtcss.so.1, py.typed and the type stub"

"$py" -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install --no-index --no-deps "$whl" > "$tmp/install.log" 2>&1 \
  || { cat "$tmp/install.log"; fail "pip install the wheel into a fresh venv"; }
cd "$tmp"
env -u PYTHONPATH -u TCSS_LIBRARY -u LD_LIBRARY_PATH -u PYTHONHOME \
  "$src/tests/harness/with-emulator" -- \
  env -u PYTHONPATH -u TCSS_LIBRARY -u LD_LIBRARY_PATH \
  "$tmp/venv/bin/python" "$here/wheel_check.py" "$version" "$tmp/venv"
