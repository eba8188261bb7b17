#!/usr/bin/env bash
# test-container.sh SOURCE_DIR DEB_DIR VERSION
#
# Builds plugins/container/Dockerfile with README.md's image-build lines (run
# from a checkout's root, `docker build` done by podman: runc, cgroupfs, vfs
# storage, chroot isolation: no daemon and no cgroup delegation needed) on a
# Debian 12 base made by debootstrap from the apt mirror this machine uses
# (no image registry needed; made once, kept as localhost/tcss-debian-base:12),
# then checks the image: runs as uid 10001, `tcss --version`; with no command
# and no settings it prints the help and exits 2; and, against the emulator on
# the host network (the second half, run under tests/harness/with-emulator as
# `test-container.sh --with-emulator IMAGE SOURCE_DIR`):
#   - `tcss add-registry` with the password on standard input;
#   - as Woodpecker and Drone run a plugin: PLUGIN_* settings, no command, a
#     password file mounted (unreadable by uid 10001: refused, nothing sent);
#   - as GitLab's Docker executor runs the component's job: entrypoint
#     overridden, the runner's shell probe as the command, the job script on
#     standard input running /usr/libexec/tcss/tcss-gitlab-register; and
#     without the override, the failure the component's entrypoint: [""] avoids;
#   - the runner hook /usr/libexec/tcss/tcss-post-build, from the package.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "FAIL: $*"; exit 1; }
if [ "${1:-}" = --with-emulator ]; then
  [ $# -eq 3 ] || { echo "usage: test-container.sh --with-emulator IMAGE SOURCE_DIR" >&2; exit 2; }
  image=$2 src=$3
  : "${TCSS_EMULATOR:?run under tests/harness/with-emulator}"
  P="podman --storage-driver vfs --runtime runc --cgroup-manager cgroupfs"
  run() { $P run --rm --network host "$@"; }
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  state() {  # "Name Username" per registry
    curl -fsS --noproxy '*' "$TCSS_EMULATOR/__emulator/state" | python3 -c '
import json, sys
for r in json.load(sys.stdin)["registries"]:
    print(r["Name"], r["Username"])'
  }
  no_secret() {  # no_secret FILE...
    if grep -qF -- "$TCSS_MOCK_REGISTRY_PASSWORD" "$@" || grep -qF -- "$TENCENTCLOUD_SECRET_KEY" "$@"; then
      fail "a secret appears in the output"
    fi
  }

  # 1. The command line, password on standard input.
  "$here/check-cli.sh" $P run -i --rm --network host -e TENCENTCLOUD_SECRET_ID -e TENCENTCLOUD_SECRET_KEY \
    -e TCSS_ENDPOINT "$image"

  # 2. Woodpecker/Drone: settings as PLUGIN_*, no command. The password file is
  # a mounted secret: it must be readable by uid 10001.
  printf '%s' "$TCSS_MOCK_REGISTRY_PASSWORD" > "$tmp/password"
  chmod 0600 "$tmp/password"   # root's only: uid 10001 cannot read it
  plugin() {  # plugin NAME: the step, output in $tmp/NAME.out, exit code in $rc
    rc=0
    run -v "$tmp/password:/run/secrets/registry-password:ro" \
      -e PLUGIN_NAME="$1" -e PLUGIN_URL="$TCSS_MOCK_REGISTRY" -e PLUGIN_REGISTRY_TYPE=harbor \
      -e PLUGIN_USERNAME="$TCSS_MOCK_REGISTRY_USER" -e PLUGIN_PASSWORD_FILE=/run/secrets/registry-password \
      -e PLUGIN_REGISTRY_VERSION=V2 -e PLUGIN_ENDPOINT="$TCSS_ENDPOINT" \
      -e PLUGIN_SECRET_ID="$TENCENTCLOUD_SECRET_ID" -e PLUGIN_SECRET_KEY="$TENCENTCLOUD_SECRET_KEY" \
      "$image" > "$tmp/$1.out" 2>&1 || rc=$?
    no_secret "$tmp/$1.out"
  }
  plugin plugin-unreadable
  if [ "$rc" = 0 ] || state | grep -q '^plugin-unreadable '; then
    cat "$tmp/plugin-unreadable.out"; fail "a password file uid 10001 cannot read was not refused (exit $rc)"
  fi
  echo "ok: a mounted password file uid 10001 cannot read is refused (exit $rc), nothing registered:"
  sed 's/^/    /' "$tmp/plugin-unreadable.out"
  chmod 0644 "$tmp/password"
  plugin plugin-step
  if [ "$rc" != 0 ] || ! grep -q '^registry [0-9][0-9]* added' "$tmp/plugin-step.out" ||
     ! state | grep -qx "plugin-step $TCSS_MOCK_REGISTRY_USER"; then
    cat "$tmp/plugin-step.out"; fail "PLUGIN_* settings and no command did not register (exit $rc)"
  fi
  echo "ok: PLUGIN_* settings and no command run the plugin mode and register"

  # 3. GitLab's Docker executor: the job's image with entrypoint [""] gets the
  # runner's shell probe as its command and the job script on standard input.
  probe='if [ -x /usr/local/bin/bash ]; then exec /usr/local/bin/bash; elif [ -x /usr/bin/bash ]; then exec /usr/bin/bash; elif [ -x /bin/bash ]; then exec /bin/bash; elif [ -x /bin/sh ]; then exec /bin/sh; else echo shell not found; exit 1; fi'
  cat > "$tmp/job.sh" <<'JOB'
set -e
mkdir -p "$HOME/project" && cd "$HOME/project"
"$TCSS_IN_REGISTER_SCRIPT"
echo "--- dotenv report"
cat tcss-registry.env
JOB
  gitlab_job() {  # gitlab_job NAME ENTRYPOINT_ARGS...: the component's job, output in $tmp/NAME.out
    local name=$1; shift
    rc=0
    $P run -i --rm --network host "$@" \
      -e CI=true -e GITLAB_CI=true -e HARBOR_PASSWORD="$TCSS_MOCK_REGISTRY_PASSWORD" \
      -e TENCENTCLOUD_SECRET_ID -e TENCENTCLOUD_SECRET_KEY -e TCSS_ENDPOINT \
      -e TCSS_IN_NAME="$name" -e TCSS_IN_URL="$TCSS_MOCK_REGISTRY" -e TCSS_IN_REGISTRY_TYPE=harbor \
      -e TCSS_IN_USERNAME="$TCSS_MOCK_REGISTRY_USER" -e TCSS_IN_PASSWORD_VARIABLE=HARBOR_PASSWORD \
      -e TCSS_IN_NET_TYPE=public -e TCSS_IN_REGISTRY_VERSION=V2 -e TCSS_IN_TCSS=tcss \
      -e TCSS_IN_HEALTH_CHECK_EXIT_CODE=8 -e TCSS_IN_DOTENV_PREFIX=TCSS \
      -e TCSS_IN_REGISTER_SCRIPT=/usr/libexec/tcss/tcss-gitlab-register \
      "$image" sh -c "$probe" < "$tmp/job.sh" > "$tmp/$name.out" 2>&1 || rc=$?
    no_secret "$tmp/$name.out"
  }
  gitlab_job gitlab-job --entrypoint ''
  if [ "$rc" != 0 ] || ! grep -q '^TCSS_REGISTRY_ID=[0-9][0-9]*$' "$tmp/gitlab-job.out" ||
     ! grep -qx 'TCSS_REGISTRY_NAME=gitlab-job' "$tmp/gitlab-job.out" ||
     ! state | grep -qx "gitlab-job $TCSS_MOCK_REGISTRY_USER"; then
    cat "$tmp/gitlab-job.out"; fail "the GitLab job (entrypoint overridden, sh -c) did not register (exit $rc)"
  fi
  echo "ok: with the entrypoint overridden, sh -c runs the component's script from the image and registers"
  gitlab_job gitlab-job-entrypoint
  if [ "$rc" = 0 ] || ! grep -q "unknown command 'sh'" "$tmp/gitlab-job-entrypoint.out"; then
    cat "$tmp/gitlab-job-entrypoint.out"; fail "without the override, expected tcss to refuse 'sh' (exit $rc)"
  fi
  echo "ok: without entrypoint: [\"\"] the runner's shell reaches tcss (why the component empties it)"

  # 4. The runner hook from the package, as a post_build_script in this image.
  printf 'hook-harbor harbor %s %s file:/run/secrets/registry-password\n' \
    "$TCSS_MOCK_REGISTRY" "$TCSS_MOCK_REGISTRY_USER" > "$tmp/registries.conf"
  chmod 0644 "$tmp/registries.conf"
  rc=0
  run -v "$tmp/password:/run/secrets/registry-password:ro" -v "$tmp/registries.conf:/etc/tcss-hook/registries.conf:ro" \
    -e TCSS_REGISTER=1 -e TCSS_HOOK_WHEN=always -e TCSS_HOOK_STRICT=1 -e TCSS_ENDPOINT \
    -e TENCENTCLOUD_SECRET_ID -e TENCENTCLOUD_SECRET_KEY --entrypoint /usr/libexec/tcss/tcss-post-build \
    "$image" /etc/tcss-hook/registries.conf > "$tmp/hook.out" 2>&1 || rc=$?
  no_secret "$tmp/hook.out"
  if [ "$rc" != 0 ] || ! state | grep -qx "hook-harbor $TCSS_MOCK_REGISTRY_USER"; then
    cat "$tmp/hook.out"; fail "the runner hook /usr/libexec/tcss/tcss-post-build did not register (exit $rc)"
  fi
  echo "ok: the tcss package's /usr/libexec/tcss/tcss-post-build registers as a post_build_script"
  # Every /usr/libexec/tcss path the GitLab README names is in the image.
  for path in $(grep -o '/usr/libexec/tcss/[a-z-]*' "$src/plugins/gitlab/README.md" | sort -u); do
    run --entrypoint test "$image" -x "$path" || fail "plugins/gitlab/README.md names $path, not in the image"
    echo "ok: $path (named in plugins/gitlab/README.md) is in the image"
  done
  exit 0
fi
[ $# -eq 3 ] || { echo "usage: test-container.sh SOURCE_DIR DEB_DIR VERSION" >&2; exit 2; }
src=$1 debs=$2 version=$3
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
  # The clean Debian 12 root the other packaging tests use (debootstrap, cached).
  "$here/clean-root.sh" new "$tmp/rootfs" || exit $?
  tar -C "$tmp/rootfs" -c . | $P import - "$base" > /dev/null
  "$here/clean-root.sh" rm "$tmp/rootfs"
fi

# The image is built by README.md's own lines (block image-build), run as
# pasted from the root of a checkout whose build/ holds the packages, with
# `docker build` done by podman on the local base (and tagged $image).
mkdir -p "$tmp/repo/build" "$tmp/repo/plugins/container"
cp "$debs"/*_"$version"_*.deb "$tmp/repo/build/"
cp "$src/plugins/container/Dockerfile" "$tmp/repo/plugins/container/"
python3 "$src/tests/docs/readme_blocks.py" extract "$src/README.md" image-build > "$tmp/image-build.sh"
docker() {
  [ "$1" = build ] || fail "README.md's image-build block runs docker $1"
  shift
  local args=()
  while [ $# -gt 0 ]; do
    case "$1" in -t) shift 2 ;; *) args+=("$1"); shift ;; esac
  done
  $P build --isolation chroot --network host --build-arg BASE="$base" -t "$image" "${args[@]}"
}
( cd "$tmp/repo" && set -e && . "$tmp/image-build.sh" ) > "$tmp/build.log" 2>&1 \
  || { tail -n 40 "$tmp/build.log"; sed 's/^/    /' "$tmp/image-build.sh"; fail "README.md's image build lines, from the repository root"; }
[ "$(cd "$tmp/repo/build/image" && ls | tr '\n' ' ')" = "libtcss1_${version}_$(dpkg --print-architecture).deb tcss_${version}_$(dpkg --print-architecture).deb " ] \
  || fail "README.md's image-build put $(ls "$tmp/repo/build/image") in the build context, not the two packages"
echo "ok: built $image on $base with README.md's lines, run from the repository root:"
sed 's/^/    /' "$tmp/image-build.sh"

run() { $P run --rm --network host "$@"; }
[ "$(run --entrypoint id "$image" -u)" = 10001 ] || fail "the image does not run as uid 10001"
run "$image" --version | grep -q "$version" || fail "tcss --version in the image"
# Issue 19: no command and no settings must not pass (a plugin step without
# settings would go green and register nothing): the help, exit 2.
rc=0; run "$image" > "$tmp/bare.out" 2>&1 || rc=$?
[ "$rc" = 2 ] && grep -q 'add-registry' "$tmp/bare.out" && grep -q 'no command given' "$tmp/bare.out" \
  || { cat "$tmp/bare.out"; fail "no command, no settings: want the help and exit 2, got exit $rc"; }
echo "ok: runs as uid 10001; tcss --version works; no command and no settings print the help and exit 2"
size=$($P image inspect --format '{{.Size}}' "$image")
echo "image size: $((size / 1000000)) MB"

# The command line, the plugin mode, the GitLab job and the runner hook
# against the emulator (the first half of this file).
"$src/tests/harness/with-emulator" -- "$here/test-container.sh" --with-emulator "$image" "$src"
echo "packaging.container: passed"
