"""Puts libtcss.so.1 into the tcss wheel (metadata: pyproject.toml).

The library comes from $TCSS_BUILD_DIR/lib/libtcss.so.1 (a CMake build tree
of this repository) when set, else this builds it with CMake, library target
only, from the repository around this folder or, in an sdist, from the copy
of the C sources it carries (native/). The copy in the wheel is stripped.
The wheel is tagged py3-none-<platform>: no extension module, so any CPython
3.8+, but native code for one platform (auditwheel repair makes it a
manylinux wheel that carries libcurl, libcjson and mbedcrypto too:
tests/packaging/test-wheel.sh).

Works with any Python that has setuptools >= 61 (its own bdist_wheel from
70.1 on, the wheel package's before), and writes nothing into the source
tree: setuptools' build/ and *.egg-info and the CMake build go to a
temporary folder, removed at exit.
"""
import atexit
import os
import shutil
import subprocess
import sysconfig
import tempfile

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist
from setuptools.dist import Distribution

try:
    from setuptools.command.bdist_wheel import bdist_wheel   # setuptools >= 70.1
except ImportError:
    from wheel.bdist_wheel import bdist_wheel                # older: the wheel package

HERE = os.path.dirname(os.path.abspath(__file__))
REPOSITORY = os.path.dirname(os.path.dirname(HERE))
SDIST_SOURCES = os.path.join(HERE, "native")
# What the library's CMake build reads (the top CMakeLists.txt with every
# part but the library off): the sdist carries these under native/.
NATIVE_PARTS = ["CMakeLists.txt", "LICENSE", "include", "src/CMakeLists.txt", "src/libtcss", "abi"]
LIBRARY_ONLY = ["-DTCSS_BUILD_TESTS=OFF", "-DTCSS_BUILD_CLI=OFF", "-DTCSS_BUILD_EXAMPLES=OFF",
                "-DTCSS_BUILD_FUZZ=OFF", "-DTCSS_BUILD_BENCH=OFF", "-DTCSS_BUILD_JAVA=OFF",
                "-DTCSS_BUILD_PYTHON=OFF", "-DTCSS_BUILD_GITLAB=OFF"]

SCRATCH = tempfile.mkdtemp(prefix="tcss-wheel-build-")
atexit.register(shutil.rmtree, SCRATCH, True)


def _native_sources():
    for root in (SDIST_SOURCES, REPOSITORY):
        if os.path.exists(os.path.join(root, "include", "tcss", "tcss.h")) and \
                os.path.exists(os.path.join(root, "CMakeLists.txt")):
            return root
    raise SystemExit("tcss wheel: no C sources of libtcss found (neither %s nor %s); set "
                     "TCSS_BUILD_DIR to a CMake build tree of libtcss" % (SDIST_SOURCES, REPOSITORY))


def _library():
    build_dir = os.environ.get("TCSS_BUILD_DIR")
    if not build_dir:
        build_dir = os.path.join(SCRATCH, "native-lib")
        cmake = shutil.which("cmake")
        if cmake is None:
            raise SystemExit("tcss wheel: building libtcss from source needs cmake, a C++17 "
                             "compiler and the -dev packages of libcurl, cJSON and mbedTLS (Debian: "
                             "apt-get install cmake g++ pkg-config libcurl4-openssl-dev "
                             "libcjson-dev libmbedtls-dev)")
        subprocess.check_call([cmake, "-S", _native_sources(), "-B", build_dir,
                               "-DCMAKE_BUILD_TYPE=Release"] + LIBRARY_ONLY)
        subprocess.check_call([cmake, "--build", build_dir, "--target", "tcss",
                               "-j%d" % min(os.cpu_count() or 1, 4)])
    elif not os.path.isabs(build_dir):
        # pip runs this from the project folder: a relative path means the
        # caller's folder, which the shell left in $PWD.
        build_dir = os.path.join(os.environ.get("PWD", os.getcwd()), build_dir)
    path = os.path.join(os.path.abspath(build_dir), "lib", "libtcss.so.1")
    if not os.path.exists(path):
        raise SystemExit("tcss wheel: %s not found (TCSS_BUILD_DIR names a CMake build "
                         "tree of libtcss in which `cmake --build . --target tcss` ran)" % path)
    return path


class BuildPyWithLibrary(build_py):
    def run(self):
        super().run()
        target = os.path.join(self.build_lib, "tcss", "libtcss.so.1")
        shutil.copyfile(os.path.realpath(_library()), target)
        os.chmod(target, 0o755)
        if shutil.which("strip"):
            subprocess.check_call(["strip", "--strip-unneeded", target])


class SdistWithSources(sdist):
    """The sdist carries the C sources (native/), so pip can build the
    wheel from it anywhere with CMake and the -dev packages."""

    def make_release_tree(self, base_dir, files):
        super().make_release_tree(base_dir, files)
        root = _native_sources()
        for part in NATIVE_PARTS:
            src = os.path.join(root, part)
            dst = os.path.join(base_dir, "native", part)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            if os.path.isdir(src):
                shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                shutil.copyfile(src, dst)


class BinaryDistribution(Distribution):
    def has_ext_modules(self):
        return True


class PlatformWheel(bdist_wheel):
    def get_tag(self):
        return "py3", "none", sysconfig.get_platform().replace("-", "_").replace(".", "_")


setup(distclass=BinaryDistribution,
      cmdclass={"build_py": BuildPyWithLibrary, "bdist_wheel": PlatformWheel,
                "sdist": SdistWithSources},
      options={"build": {"build_base": os.path.join(SCRATCH, "build")},
               "egg_info": {"egg_base": SCRATCH},
               "bdist_wheel": {"bdist_dir": os.path.join(SCRATCH, "bdist")}})
