"""When the library is there but cannot load, `import tcss` says what to
install (issue 19): the missing shared libraries, their Debian packages and
the apt-get line, as the Java loader does; never "set TCSS_LIBRARY", which
would be the wrong fix. The real case (a clean Debian 12 root where libcurl4,
libcjson1 and libmbedcrypto7 are missing) runs in tests/packaging/test-wheel.sh;
here a copy of the library whose NEEDED entries name libraries that exist
nowhere shows that every missing one is named, not just the first."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from tcss import _native

LIBRARY = os.environ["TCSS_LIBRARY"]


def import_tcss(library):
    env = dict(os.environ, TCSS_LIBRARY=library)
    return subprocess.run([sys.executable, "-c", "import tcss"], env=env, capture_output=True,
                          text=True, timeout=60)


class AdviceTest(unittest.TestCase):
    def test_needed_reads_the_librarys_dependencies(self):
        names = _native.needed(os.path.realpath(LIBRARY))
        for soname in ("libcurl.so.4", "libcjson.so.1", "libmbedcrypto.so.7", "libc.so.6"):
            self.assertIn(soname, names)
        self.assertEqual(_native.needed(__file__), [])   # not ELF

    def test_every_missing_library_and_its_package(self):
        missing = {"libcurl.so.4", "libcjson.so.1", "libmbedcrypto.so.7"}

        def probe(soname):
            return None if soname not in missing else "%s: cannot open shared object file: " \
                "No such file or directory" % soname
        error = "libmbedcrypto.so.7: cannot open shared object file: No such file or directory"
        text = _native.advice(os.path.realpath(LIBRARY), error, probe)
        self.assertIn("apt-get install libmbedcrypto7 libcurl4 libcjson1", text)
        for soname in missing:
            self.assertIn(soname, text)
        self.assertNotIn("TCSS_LIBRARY", text)
        self.assertIn("manylinux", text)

    def test_a_missing_dependency_of_a_dependency_is_named(self):
        def probe(soname):
            if soname == "libcurl.so.4":
                return "libnghttp2.so.14: cannot open shared object file: No such file or directory"
            return None
        text = _native.advice(os.path.realpath(LIBRARY),
                              "libnghttp2.so.14: cannot open shared object file", probe)
        self.assertIn("apt-get install libnghttp2-14", text)

    def test_glibc_too_old(self):
        text = _native.advice(LIBRARY, "/lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.36' "
                              "not found (required by libtcss.so.1)")
        self.assertIn("glibc 2.36", text)
        self.assertIn("ldd --version", text)

    def test_no_advice_for_other_failures(self):
        self.assertIsNone(_native.advice(LIBRARY, "libtcss.so.1: invalid ELF header"))
        self.assertIsNone(_native.advice("/nonexistent/libtcss.so.1", "/nonexistent/libtcss.so.1: "
                                         "cannot open shared object file: No such file or directory"))


class ImportErrorTest(unittest.TestCase):
    def test_a_library_with_missing_dependencies(self):
        # Same-length renames in the copy's string table: its NEEDED entries
        # now name two libraries no machine has.
        with open(os.path.realpath(LIBRARY), "rb") as f:
            data = f.read()
        for old, new in ((b"libcjson.so.1\0", b"libcjzon.so.1\0"),
                         (b"libmbedcrypto.so.7\0", b"libmbedcryptx.so.7\0")):
            self.assertEqual(data.count(old), 1, old)
            data = data.replace(old, new)
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder)
        copy = os.path.join(folder, "libtcss.so.1")
        with open(copy, "wb") as f:
            f.write(data)
        proc = import_tcss(copy)
        self.assertNotEqual(proc.returncode, 0)
        err = proc.stderr
        self.assertIn("ImportError", err)
        self.assertIn("libcjzon.so.1", err)
        self.assertIn("libmbedcryptx.so.7", err)   # the second one too, which dlerror never names
        self.assertIn("apt-file search libcjzon.so.1", err)
        self.assertIn("apt-file search libmbedcryptx.so.7", err)
        self.assertNotIn("Set TCSS_LIBRARY", err)

    def test_no_library_at_all_still_names_tcss_library(self):
        proc = import_tcss("/nonexistent/libtcss.so.1")
        self.assertIn("Set TCSS_LIBRARY", proc.stderr)


if __name__ == "__main__":
    unittest.main()
