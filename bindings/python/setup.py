"""Puts libtcss.so.1 into the tcss wheel (metadata: pyproject.toml).

The library comes from $TCSS_BUILD_DIR/lib/libtcss.so.1 (a CMake build tree
of this repository) when set, else this builds it: CMake into
build/native-lib here, library target only. The copy is stripped. The wheel
is tagged py3-none-<platform>: no extension module, so any CPython 3.8+, but
native code for one platform.
"""
import os
import shutil
import subprocess
import sysconfig

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution
from wheel.bdist_wheel import bdist_wheel

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.path.dirname(os.path.dirname(HERE))


def _library():
    build_dir = os.environ.get("TCSS_BUILD_DIR")
    if not build_dir:
        build_dir = os.path.join(HERE, "build", "native-lib")
        subprocess.check_call(["cmake", "-S", SOURCE_ROOT, "-B", build_dir,
                               "-DCMAKE_BUILD_TYPE=Release", "-DTCSS_BUILD_TESTS=OFF",
                               "-DTCSS_BUILD_CLI=OFF", "-DTCSS_BUILD_EXAMPLES=OFF",
                               "-DTCSS_BUILD_JAVA=OFF", "-DTCSS_BUILD_PYTHON=OFF"])
        subprocess.check_call(["cmake", "--build", build_dir, "--target", "tcss"])
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


class BinaryDistribution(Distribution):
    def has_ext_modules(self):
        return True


class PlatformWheel(bdist_wheel):
    def get_tag(self):
        return "py3", "none", sysconfig.get_platform().replace("-", "_").replace(".", "_")


setup(distclass=BinaryDistribution,
      cmdclass={"build_py": BuildPyWithLibrary, "bdist_wheel": PlatformWheel})
