#!/usr/bin/env bash
# test-demo.sh SOURCE_DIR
#
# The README's first command on a fresh Debian 12: a copy of the source tree
# (no build folders) in a clean minbase root (clean-root.sh), `scripts/demo`
# run there as root. It must install what it needs itself, build, register
# the sample registry with the emulator (JSON with a RegistryId) and report
# it as already existing on the second run. Prints how long it took; the
# packages it downloads are cached between runs, so the figure is the install
# and build time, not the download's. Exits 77 without root or debootstrap.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: test-demo.sh SOURCE_DIR" >&2; exit 2; }
src=$1
here=$(cd "$(dirname "$0")" && pwd)
cr=$here/clean-root.sh
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d)
root=$tmp/root
trap '"$cr" rm "$root" 2> /dev/null; rm -rf "$tmp"' EXIT
"$cr" new "$root" || exit $?
mkdir -p "$root/src/libtcss"
tar -C "$src" --exclude='./build*' --exclude=node_modules --exclude=.git --exclude=__pycache__ -cf - . \
  | tar -C "$root/src/libtcss" -xf -
rc=0
"$cr" run "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 TIMEFORMAT='%R s (CPU: user %U s, system %S s)' \
  bash -c 'time /src/libtcss/scripts/demo' > "$tmp/demo.out" 2>&1 || rc=$?
cat "$tmp/demo.out"
secs=$(tail -n 1 "$tmp/demo.out")
[ "$rc" = 0 ] || fail "scripts/demo exited $rc on a clean Debian 12"
grep -q '"RegistryId":[0-9]' "$tmp/demo.out" || fail "scripts/demo printed no RegistryId"
grep -q 'already existed' "$tmp/demo.out" || fail "scripts/demo's second run did not report the registry as already existing"
for heavy in podman lintian debootstrap default-jdk-headless docker-registry skopeo nodejs valgrind; do
  ! "$cr" run "$root" dpkg-query -W -f='${Status}' "$heavy" 2> /dev/null | grep -q 'install ok installed' \
    || fail "scripts/demo installed $heavy, which the demo does not need"
done
echo "ok: scripts/demo on a clean Debian 12 installed only scripts/deps/build.apt, built, registered and re-registered in $secs"
