"""tcss.values against the header's values block (the one source), and
against what the loaded library actually does with a zero option."""
import os
import re
import unittest

import tcss
from tcss import _values

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = os.path.join(HERE, "..", "..", "..", "include", "tcss", "tcss.h")
_DEFINE = re.compile(r'^#define TCSS_([A-Z0-9_]+)\s+("[^"]*"|\(?-?[0-9]+\)?)')


def header_values():
    """{NAME without TCSS_: str or int} from the header's values block."""
    out, inside = {}, False
    with open(HEADER, encoding="utf-8") as f:
        for line in f:
            if "@name The API's values" in line:
                inside = True
            elif inside and line.startswith("/** @} */"):
                break
            elif inside:
                m = _DEFINE.match(line)
                if m:
                    v = m.group(2)
                    out[m.group(1)] = v[1:-1] if v.startswith('"') else int(v.strip("()"))
    return out


_ENUM = re.compile(r"^\s*TCSS_((?:UPDATE|SCAN)_[A-Z_]+)\s*=\s*([0-9]+)", re.M)


def _quoted(text):
    return tuple(re.findall(r'"([a-z_]+)"', text))


def header_1_1_values():
    """The 1.1 values the header gives as enums and doc-comment lists, as
    tcss.values names them: the enums' members, their names lower-cased as
    the strings (UPDATE_POLICIES, OUTCOMES), the fail_on levels (the
    values block's TCSS_SCAN_FAIL_ON_LEVELS, split)."""
    with open(HEADER, encoding="utf-8") as f:
        text = f.read()
    out = {name: int(v) for name, v in _ENUM.findall(text)}
    out["UPDATE_POLICIES"] = tuple(n[len("UPDATE_"):].lower() for n, v in
                                   sorted(((n, v) for n, v in out.items() if n.startswith("UPDATE_")),
                                          key=lambda kv: kv[1]))
    out["OUTCOMES"] = tuple(n[len("SCAN_"):].lower() for n, v in
                            sorted(((n, v) for n, v in out.items() if n.startswith("SCAN_")),
                                   key=lambda kv: kv[1]))
    out["FAIL_ON_LEVELS"] = tuple(header_values()["SCAN_FAIL_ON_LEVELS"].split(","))
    return out


class ValuesTest(unittest.TestCase):
    def test_every_header_value_is_here_with_the_same_value(self):
        header = header_values()
        self.assertGreaterEqual(len(header), 5, "the header's values block was found")
        for name, value in header.items():
            self.assertTrue(hasattr(_values, name), "tcss.values lacks %s" % name)
            self.assertEqual(getattr(_values, name), value, name)

    def test_nothing_here_that_the_header_does_not_say(self):
        header = header_values()
        header.update(header_1_1_values())
        for name in dir(_values):
            if name.isupper():
                base = name[:-len("_LIST")] if name.endswith("_LIST") else name
                self.assertIn(base, header, "tcss.values.%s is not in the header" % name)

    def test_lists_split_the_header_strings(self):
        self.assertEqual(_values.REGISTRY_TYPES_LIST, tuple(header_values()["REGISTRY_TYPES"].split(",")))
        self.assertEqual(_values.NET_TYPES_LIST, tuple(header_values()["NET_TYPES"].split(",")))

    def test_the_1_1_values_are_the_headers(self):
        header = header_1_1_values()
        self.assertEqual(header["UPDATE_POLICIES"], ("auto", "always", "never"))   # parsed at all
        self.assertEqual(len(header["OUTCOMES"]), 3)
        self.assertEqual(len(header["FAIL_ON_LEVELS"]), 5)
        self.assertEqual(_values.REPORT_FORMATS_LIST, tuple(header_values()["REPORT_FORMATS"].split(",")))
        self.assertEqual(len(_values.REPORT_FORMATS_LIST), 4)
        for name, value in header.items():
            self.assertEqual(getattr(_values, name), value, name)
        for i, policy in enumerate(_values.UPDATE_POLICIES):
            self.assertEqual(getattr(_values, "UPDATE_" + policy.upper()), i)
        for i, outcome in enumerate(_values.OUTCOMES):
            self.assertEqual(getattr(_values, "SCAN_" + outcome.upper()), i)

    def test_the_package_exposes_them(self):
        self.assertIs(tcss.values, _values)


class VersionTest(unittest.TestCase):
    """The package's version (the wheel's, read by pyproject.toml) is the
    header's, its one source; a release that moves one and not the other
    fails here."""

    def header_version(self):
        parts = {}
        with open(HEADER, encoding="utf-8") as f:
            for line in f:
                m = re.match(r"#define TCSS_VERSION_(MAJOR|MINOR|PATCH) +([0-9]+)", line)
                if m:
                    parts[m.group(1)] = m.group(2)
        self.assertEqual(sorted(parts), ["MAJOR", "MINOR", "PATCH"], "version macros in the header")
        return "%s.%s.%s" % (parts["MAJOR"], parts["MINOR"], parts["PATCH"])

    def test_package_version_is_the_headers(self):
        self.assertEqual(tcss.__version__, self.header_version())

    def test_pyproject_reads_it_from_the_package(self):
        with open(os.path.join(HERE, "..", "pyproject.toml"), encoding="utf-8") as f:
            self.assertRegex(f.read(), r'version = \{ attr = "tcss.__version__" \}')

    def test_the_loaded_library_is_that_version(self):
        self.assertEqual(tcss.version(), self.header_version())


if __name__ == "__main__":
    unittest.main()
