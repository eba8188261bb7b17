#!/usr/bin/env bash
# test-container.sh SOURCE_DIR DEB_DIR VERSION
#
# Builds plugins/container/Dockerfile with podman (runc, cgroupfs, vfs
# storage, chroot isolation: no daemon and no cgroup delegation needed) on a
# Debian 12 base made by debootstrap from the apt mirror this machine uses
# (no image registry needed; made once, kept as localhost/tcss-debian-base:12),
# then checks the image: runs as a non-root user, `tcss --version`, and
# `tcss add-registry` against the emulator on the host network.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: test-container.sh SOURCE_DIR DEB_DIR VERSION" >&2; exit 2; }
src=$1 debs=$2 version=$3
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "FAIL: $*"; exit 1; }
for t in podman runc debootstrap; do
  command -v "$t" > /dev/null || { echo "skipped: $t not installed (scripts/deps/packaging.apt)"; exit 77; }
done
[ "$(id -u)" = 0 ] || { echo "skipped: rootful podman with chroot isolation needs root here"; exit 77; }
tmp=$(mktemp -d)
image=localhost/tcss-test:$$
cleanup() { $P rmi -f "$image" > /dev/null 2>&1 || true; rm -rf "$tmp"; }
# podman's default nofile ulimit can exceed the hard limit of a CI sandbox.
printf '[containers]\ndefault_ulimits = []\n' > "$tmp/containers.conf"
export CONTAINERS_CONF=$tmp/containers.conf
P="podman --storage-driver vfs --runtime runc --cgroup-manager cgroupfs"
trap cleanup EXIT
base=localhost/tcss-debian-base:12

if ! $P image exists "$base"; then
  mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2> /dev/null | head -n1)
  mirror=${mirror:-http://deb.debian.org/debian}
  echo "making $base with debootstrap from $mirror"
  debootstrap --variant=minbase bookworm "$tmp/rootfs" "$mirror" > "$tmp/debootstrap.log" 2>&1 \
    || { tail -n 30 "$tmp/debootstrap.log"; fail "debootstrap"; }
  tar -C "$tmp/rootfs" -c . | $P import - "$base" > /dev/null
  rm -rf "$tmp/rootfs"
fi

mkdir "$tmp/ctx"
cp "$debs"/libtcss1_"$version"_*.deb "$debs"/tcss_"$version"_*.deb "$tmp/ctx/"
$P build --isolation chroot --network host --build-arg BASE="$base" -t "$image" \
  -f "$src/plugins/container/Dockerfile" "$tmp/ctx" > "$tmp/build.log" 2>&1 \
  || { tail -n 40 "$tmp/build.log"; fail "podman build"; }
echo "ok: built $image from plugins/container/Dockerfile on $base"

run() { $P run --rm --network host "$@"; }
[ "$(run --entrypoint id "$image" -u)" = 10001 ] || fail "the image does not run as uid 10001"
run "$image" --version | grep -q "$version" || fail "tcss --version in the image"
run "$image" --help | grep -q 'add-registry' || fail "the image's default command is not tcss --help"
echo "ok: runs as uid 10001; tcss --version and the default --help work"
size=$($P image inspect --format '{{.Size}}' "$image")
echo "image size: $((size / 1000000)) MB"

# The same check as for the unpacked packages, with tcss inside the image.
"$src/tests/harness/with-emulator" -- bash -c '
  exec "$0" podman --storage-driver vfs --runtime runc --cgroup-manager cgroupfs \
    run -i --rm --network host -e TENCENTCLOUD_SECRET_ID -e TENCENTCLOUD_SECRET_KEY -e TCSS_ENDPOINT "$1"' \
  "$here/check-cli.sh" "$image"
echo "packaging.container: passed"
