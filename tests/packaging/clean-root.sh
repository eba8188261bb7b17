#!/usr/bin/env bash
# clean-root.sh: a clean Debian 12 root, the way a new user's machine starts,
# for tests that install what we ship the way users do (apt resolving Depends).
#
#   clean-root.sh new DIR [PACKAGE...]
#       DIR (must not exist) becomes a fresh copy of a Debian 12 minbase root
#       made by debootstrap, with Debian's PACKAGEs installed if given
#       (--no-install-recommends). The base root and each PACKAGE set are made
#       once and cached as tarballs in $TCSS_ROOT_CACHE (default
#       /var/cache/libtcss-test-roots), so a test pays only for unpacking.
#   clean-root.sh install DIR FILE.deb|PACKAGE...
#       apt-get install ./FILE.deb... inside DIR: apt resolves their Depends
#       from Debian's archive (the host's apt sources), as `sudo apt install
#       ./x.deb` does on a user's machine. A PACKAGE (no .deb) comes from
#       Debian. Runs one at a time across roots (the download cache is shared).
#   clean-root.sh run DIR COMMAND [ARGS...]
#       COMMAND inside DIR (chroot in a private mount namespace, with /proc,
#       /dev and /sys; the host's network, so services on 127.0.0.1 such as
#       the emulator are reachable). The caller's environment, standard
#       input and output pass through; PATH is Debian's default. An apt-get
#       run by COMMAND downloads into the root's own cache.
#   clean-root.sh copy-in DIR HOSTPATH ROOTPATH
#       copies a file or folder from the host into DIR.
#   clean-root.sh rm DIR
#       removes DIR (nothing stays mounted: `run` mounts in its own namespace).
#
# Needs root, debootstrap, unshare and the Debian mirror. When something is
# missing it exits 77 (ctest's SKIP_RETURN_CODE in tests/packaging) saying what.
# The .deb files `new` and `install` download are shared between roots through
# the cache folder.
set -euo pipefail
cache=${TCSS_ROOT_CACHE:-/var/cache/libtcss-test-roots}
suite=bookworm
say() { echo "clean-root: $*" >&2; }
skip() { echo "skipped: $*"; exit 77; }
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }

need() {
  [ "$(id -u)" = 0 ] || skip "clean-root.sh needs root (debootstrap, chroot)"
  for t in debootstrap unshare chroot flock; do
    command -v "$t" > /dev/null || skip "$t not installed (scripts/deps/packaging.apt)"
  done
  mkdir -p "$cache/archives/partial"
}

# run_in DIR COMMAND...: a private mount namespace, so every mount goes away
# with the command, whatever happens to it.
# With SHARE_ARCHIVES=1 (apt_in, under its lock) the downloaded .deb files
# are shared between roots; otherwise a root downloads its own (so an apt-get
# run by COMMAND itself never meets another root's lock).
run_in() {
  local dir=$1; shift
  [ -x "$dir/bin/sh" ] || { say "$dir is not a root made by clean-root.sh"; exit 2; }
  cp -L /etc/resolv.conf "$dir/etc/resolv.conf" 2> /dev/null || true
  unshare --mount --propagation private -- /bin/sh -euc '
    dir=$1 cache=$2; shift 2
    SHARE_ARCHIVES=${SHARE_ARCHIVES:-0}
    mount -t proc proc "$dir/proc"
    mount -t sysfs sysfs "$dir/sys" 2> /dev/null || true
    mount --rbind /dev "$dir/dev"
    [ "$SHARE_ARCHIVES" != 1 ] || mount --bind "$cache/archives" "$dir/var/cache/apt/archives"
    exec chroot "$dir" /usr/bin/env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
  ' sh "$dir" "$cache" "$@"
}
run_shared() {  # run_in with the shared download cache
  SHARE_ARCHIVES=1 run_in "$@"
}

# apt inside DIR, one at a time (the shared archive folder has one lock);
# a stale package list (the archive moved on since the root was made) is
# refreshed once.
apt_in() {
  local dir=$1; shift
  (
    flock 9
    if ! run_shared "$dir" env DEBIAN_FRONTEND=noninteractive apt-get -q -y "$@"; then
      say "apt-get $* failed; updating the package lists and trying again"
      run_shared "$dir" apt-get -q update
      run_shared "$dir" env DEBIAN_FRONTEND=noninteractive apt-get -q -y "$@"
    fi
  ) 9> "$cache/apt.lock"
}

make_base() {  # the debootstrap'd root, as $cache/$suite-minbase.tar
  local tar=$cache/$suite-minbase.tar
  [ -s "$tar" ] && return 0
  local mirror
  mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2> /dev/null | head -n1)
  mirror=${mirror:-http://deb.debian.org/debian}
  local tmp; tmp=$(mktemp -d "$cache/make.XXXXXX")
  say "making the Debian 12 base root with debootstrap from $mirror (once; cached in $tar)"
  if ! debootstrap --variant=minbase "$suite" "$tmp/root" "$mirror" > "$tmp/debootstrap.log" 2>&1; then
    tail -n 30 "$tmp/debootstrap.log" >&2; rm -rf "$tmp"; say "debootstrap failed"; exit 1
  fi
  # The host's apt sources (main, updates, security) and its apt settings
  # for reaching the archive; no recommends, as in the tests' own installs.
  if [ -r /etc/apt/sources.list.d/debian.sources ]; then
    rm -f "$tmp/root/etc/apt/sources.list"
    cp /etc/apt/sources.list.d/debian.sources "$tmp/root/etc/apt/sources.list.d/"
  fi
  for f in /etc/apt/apt.conf.d/*proxy* /etc/apt/apt.conf.d/99artifact-registry; do
    [ -r "$f" ] && cp "$f" "$tmp/root/etc/apt/apt.conf.d/"
  done
  # The extra packages of `new` come without Recommends (a lean root);
  # `install` asks for them, as apt does by default.
  printf 'APT::Install-Recommends "false";\n' > "$tmp/root/etc/apt/apt.conf.d/90tcss-test"
  run_in "$tmp/root" apt-get -q update > "$tmp/update.log" 2>&1 || { cat "$tmp/update.log" >&2; rm -rf "$tmp"; exit 1; }
  run_in "$tmp/root" apt-get clean
  tar -C "$tmp/root" -cf "$tmp/base.tar" .
  mv "$tmp/base.tar" "$tar"
  rm -rf "$tmp"
}

make_layer() {  # make_layer PACKAGE...: base + PACKAGEs, as a tarball; prints its path
  local key tar tmp
  key=$(printf '%s\n' "$@" | sort -u | tr '\n' ' ' | sed 's/ $//')
  tar=$cache/$suite-minbase+$(printf '%s' "$key" | sha256sum | cut -c1-16).tar
  if [ ! -s "$tar" ]; then
    tmp=$(mktemp -d "$cache/make.XXXXXX")
    say "adding $key to the base root (once; cached in $tar)"
    mkdir "$tmp/root"
    tar -C "$tmp/root" -xf "$cache/$suite-minbase.tar"
    # shellcheck disable=SC2086
    apt_in "$tmp/root" install $key > "$tmp/install.log" 2>&1 \
      || { tail -n 30 "$tmp/install.log" >&2; rm -rf "$tmp"; say "apt-get install $key failed"; exit 1; }
    printf '%s\n' "$key" > "$tmp/root/etc/tcss-test-root-packages"
    tar -C "$tmp/root" -cf "$tmp/layer.tar" .
    mv "$tmp/layer.tar" "$tar"
    rm -rf "$tmp"
  fi
  echo "$tar"
}

[ $# -ge 2 ] || usage
cmd=$1 dir=$2
shift 2
case "$cmd" in
new)
  need
  [ ! -e "$dir" ] || { say "$dir exists; give a new folder"; exit 2; }
  # One maker at a time; makers of other layers wait, users of made ones do not.
  tar=$(flock "$cache/make.lock" "$0" _make "$cache" "$@")
  mkdir -p "$dir"
  tar -C "$dir" -xf "$tar"
  ;;
_make)  # internal: under the make lock
  make_base
  if [ $# -gt 0 ]; then make_layer "$@"; else echo "$cache/$suite-minbase.tar"; fi
  ;;
install)
  need
  [ $# -ge 1 ] || usage
  mkdir -p "$dir/tmp/debs"
  debs=()
  for d in "$@"; do
    if [[ "$d" == *.deb ]]; then
      [ -r "$d" ] || { say "$d: no such file"; exit 2; }
      cp "$d" "$dir/tmp/debs/"
      debs+=("/tmp/debs/$(basename "$d")")
    else
      debs+=("$d")   # a package from Debian's archive
    fi
  done
  # With Recommends, as apt installs by default on a user's machine.
  apt_in "$dir" -o APT::Install-Recommends=true install "${debs[@]}"
  rm -rf "$dir/tmp/debs"
  ;;
run)
  need
  [ $# -ge 1 ] || usage
  run_in "$dir" "$@"
  ;;
copy-in)
  [ $# -eq 2 ] || usage
  mkdir -p "$dir/$(dirname "$2")"
  cp -a "$1" "$dir/$2"
  ;;
rm)
  # run_in's mounts live in their own namespace; refuse if anything is still mounted here.
  if grep -q " $(realpath "$dir")/" /proc/mounts 2> /dev/null; then say "something is mounted under $dir"; exit 1; fi
  rm -rf --one-file-system "$dir"
  ;;
*) usage ;;
esac
