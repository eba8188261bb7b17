"""Client.scan and ScanResult.write_report (issue 18) against the emulator
and its mock registry, set up as tests/integration/test_scan.c does: an
image pushed, a vulnerability fixture for it (1 critical, 2 high, 3 medium,
4 low, half of each with a fix), a registry with NeedScan so new images are
authorized. The gate's three outcomes, the four reports, the only_fixed and
ignore_file options, tcss.NotFoundError, and no secret in a result, a report
or an exception even when the findings echo the registry's password."""
import base64
import json
import os
import pathlib
import shutil
import tempfile
import unittest
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import tcss
from tcss import _native

from test_tcss import REGISTRY, REGISTRY_PASSWORD, REGISTRY_USER, SECRET_KEY, emulator

_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
HOST = urllib.parse.urlsplit(REGISTRY).netloc
NAME = "py-scan-reg"


def push(repository, tag, seed):
    req = urllib.request.Request(REGISTRY + "/__mock/push", method="POST",
                                 data=json.dumps({"repository": repository, "tag": tag,
                                                  "seed": seed}).encode(),
                                 headers={"Content-Type": "application/json"})
    with _opener.open(req, timeout=10) as resp:
        return json.loads(resp.read())["digest"]


class ScanTest(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        emulator("/__emulator/reset", {})
        emulator("/__emulator/config", {"sync_seconds": 0.2, "scan_seconds": 0.4})
        digest = push("pyteam/app", "1.0", "py-s1")
        self.image = "%s/pyteam/app:1.0@%s" % (HOST, digest)
        self.vulns({"critical": 1, "high": 2, "medium": 3, "low": 4, "fixable": 0.5})
        self.client = tcss.Client(max_attempts=2)
        self.addCleanup(self.client.close)
        self.client.add_registry(name=NAME, url=REGISTRY, registry_type="harbor",
                                 username=REGISTRY_USER, password=REGISTRY_PASSWORD,
                                 need_scan=True, sync_mode="incremental")
        self.dir = tempfile.mkdtemp(prefix="tcss-py-scan-")
        self.addCleanup(shutil.rmtree, self.dir, True)

    def vulns(self, generate, **extra):
        emulator("/__emulator/vulns", dict({"key": "*", "generate": generate}, **extra))

    def scan(self, **options):
        args = dict(sync=True, wait=30)
        args.update(options)
        result = self.client.scan(NAME, self.image, **args)
        self.addCleanup(result.close)
        return result

    def counted(self, result, severity):
        return result.counts[severity]["counted"]

    def reports(self, result):
        """Writes the four reports; returns {format: text}."""
        out = {}
        for fmt in tcss.values.REPORT_FORMATS_LIST:
            path = os.path.join(self.dir, "report." + fmt)
            result.write_report(fmt, path if fmt != "json" else pathlib.Path(path))
            with open(path, encoding="utf-8") as f:
                out[fmt] = f.read()
        return out


class TestOutcomes(ScanTest):
    def test_passed_with_every_finding(self):
        r = self.scan()
        self.assertIsInstance(r, tcss.ScanResult)
        self.assertEqual(r.outcome, "passed", r.data)
        self.assertTrue(r.passed)
        self.assertEqual(r.outcome_code, tcss.values.SCAN_PASSED)
        self.assertEqual(tcss.values.OUTCOMES[r.outcome_code], r.outcome)
        self.assertEqual(r.scan_status, "SCANNED")
        self.assertGreater(r.image_id, 0)
        self.assertEqual(len(r.findings), 10)
        self.assertEqual([self.counted(r, s) for s in ("critical", "high", "medium", "low")],
                         [1, 2, 3, 4])
        self.assertTrue(r.gate.get("passed"))
        self.assertEqual(r.data["Outcome"], "passed")
        self.assertIn("passed", repr(r))

    def test_gate_failed_on_a_level_and_on_a_maximum(self):
        r = self.scan(fail_on="high")
        self.assertEqual((r.outcome, r.outcome_code), ("gate_failed", tcss.values.SCAN_GATE_FAILED))
        self.assertFalse(r.passed)
        self.assertFalse(r.gate.get("passed"))
        r = self.scan(sync=False, max_medium=2, max_low=200)
        self.assertEqual(r.outcome, "gate_failed")
        r = self.scan(sync=False, max_medium=3, max_critical=1)
        self.assertEqual(r.outcome, "passed")

    def test_every_fail_on_level(self):
        expected = {"critical": "gate_failed", "high": "gate_failed", "medium": "gate_failed",
                    "low": "gate_failed", "none": "passed"}
        self.assertEqual(set(expected), set(tcss.values.FAIL_ON_LEVELS))
        self.scan()   # synced once
        for level in tcss.values.FAIL_ON_LEVELS:
            with self.subTest(level=level):
                self.assertEqual(self.scan(sync=False, fail_on=level).outcome, expected[level])

    def test_only_fixed_and_the_ignore_file(self):
        r = self.scan(only_fixed=True)
        self.assertLess(sum(self.counted(r, s) for s in ("critical", "high", "medium", "low")), 10)
        critical = [f for f in self.scan(sync=False).findings
                    if json.dumps(f).lower().count("critical")]
        self.assertTrue(critical)
        cve = critical[0].get("cve") or critical[0].get("id")
        self.assertTrue(cve, critical[0])
        ignore = pathlib.Path(self.dir, "ignore.txt")
        ignore.write_text("%s  accepted in the Python binding's test\n" % cve, encoding="utf-8")
        self.assertEqual(self.scan(sync=False, fail_on="critical").outcome, "gate_failed")
        r = self.scan(sync=False, fail_on="critical", ignore_file=ignore)
        self.assertEqual(r.outcome, "passed", r.gate)
        self.assertEqual(r.counts["critical"]["ignored"], 1)
        # A file that cannot be read is a caller's mistake, before any scan.
        with self.assertRaises(tcss.InvalidArgumentError) as cm:
            self.scan(sync=False, ignore_file=os.path.join(self.dir, "absent.txt"))
        self.assertIn("absent.txt", cm.exception.message)

    def test_incomplete_when_the_scan_errs(self):
        emulator("/__emulator/config", {"scan_result": "SCAN_ERR"})
        r = self.scan()
        self.assertEqual((r.outcome, r.outcome_code), ("incomplete", tcss.values.SCAN_INCOMPLETE))
        self.assertEqual(r.scan_status, "SCAN_ERR")
        reports = self.reports(r)   # written for an unfinished scan too
        self.assertEqual(json.loads(reports["json"])["scan"]["completed"], False)

    def test_incomplete_when_the_wait_runs_out(self):
        self.scan()   # the row exists
        emulator("/__emulator/config", {"scan_seconds": 60})
        r = self.scan(sync=False, wait=2.5)
        self.assertEqual(r.outcome, "incomplete")
        self.assertIn("the scan was stopped", json.dumps(r.data))
        self.assertLessEqual(r.waited_ms, 4000)


class TestReports(ScanTest):
    def test_the_four_reports(self):
        r = self.scan(fail_on="high")
        reports = self.reports(r)
        doc = json.loads(reports["json"])
        self.assertEqual(doc["schema"], "libtcss-scan-report/1")
        self.assertEqual(len(doc["findings"]), 10)
        self.assertFalse(doc["gate"]["passed"])
        sarif = json.loads(reports["sarif"])
        self.assertEqual(sarif["version"], "2.1.0")
        self.assertEqual(len(sarif["runs"][0]["results"]), 10)
        gitlab = json.loads(reports["gitlab"])
        self.assertEqual(len(gitlab["vulnerabilities"]), 10)
        self.assertEqual(gitlab["scan"]["type"], "container_scanning")
        junit = ET.fromstring(reports["junit"].encode())
        cases = {c.get("name"): c for c in junit.iter("testcase") if c.get("classname") == "tcss.scan"}
        findings = [c for c in junit.iter("testcase") if c.get("classname") != "tcss.scan"]
        self.assertEqual(len(findings), 10)
        # fail_on=high: the critical and the two high findings fail, and the gate.
        self.assertEqual(sum(1 for c in findings if c.find("failure") is not None), 3)
        self.assertIsNotNone(cases["gate"].find("failure"))
        self.assertIsNone(cases["scan completed"].find("failure"))

    def test_a_report_needs_a_known_format_and_a_path(self):
        r = self.scan()
        path = os.path.join(self.dir, "x")
        for fmt in ("html", "JSON", None, 1):
            with self.subTest(format=fmt):
                with self.assertRaises(tcss.InvalidArgumentError) as cm:
                    r.write_report(fmt, path)
                self.assertTrue(cm.exception.message.startswith("format: must be one of gitlab, "
                                                                "sarif, junit, json"))
        for bad in ("", None, "a\0b", 3):
            with self.subTest(path=bad):
                with self.assertRaises(tcss.InvalidArgumentError) as cm:
                    r.write_report("json", bad)
                self.assertTrue(cm.exception.message.startswith("path: "), cm.exception.message)
        self.assertFalse(os.path.exists(path))
        # The library refuses another format itself too (one source: the header).
        self.assertEqual(tcss._lib.tcss_result_write_report(r._handle, b"html", path.encode()),
                         _native.EINVAL)
        with self.assertRaises(tcss.Error):
            r.write_report("json", os.path.join(self.dir, "no-such-dir", "r.json"))

    def test_a_closed_result(self):
        with self.scan() as r:
            pass
        with self.assertRaises(ValueError):
            r.write_report("json", os.path.join(self.dir, "r.json"))
        self.assertEqual(r.outcome, "passed")   # still readable
        r.close()                                # idempotent


class TestNotFound(ScanTest):
    def test_an_unknown_registry_or_image(self):
        with self.assertRaises(tcss.NotFoundError) as cm:
            self.client.scan("py-no-such-registry", self.image, wait=5)
        self.assertEqual(cm.exception.error_class, "not_found")
        with self.assertRaises(tcss.NotFoundError) as cm:
            self.client.scan(NAME, "%s/pyteam/other:1.0" % HOST, sync=True, wait=2.5)
        self.assertIn("pyteam/other", cm.exception.message)
        self.assertEqual(cm.exception.code, -12)

    def test_the_library_accepts_exactly_these_fail_on_levels(self):
        # Straight to the library: each level of tcss.values passes its
        # check (the call goes on to find no registry), another does not.
        def raw(level):
            opts = _native.ScanOptions()
            tcss._lib.tcss_scan_options_init(opts, _native.SCAN_OPTIONS_VERSION)
            opts.registry_name = b"py-no-such-registry"
            opts.image = self.image.encode()
            opts.fail_on = level
            out = tcss.ctypes.c_void_p()
            handle = self.client._enter()
            try:
                return tcss._lib.tcss_scan_image(tcss.ctypes.byref(out), handle, opts)
            finally:
                self.client._leave()
        for level in tcss.values.FAIL_ON_LEVELS:
            self.assertEqual(raw(level.encode()), _native.ENOTFOUND, level)
        self.assertEqual(raw(b"severe"), _native.EINVAL)


class TestNoSecret(ScanTest):
    def hostile_scan(self, mask=()):
        """A scan whose findings (the emulator's hostile fixture) hold XML
        markup, control characters, invalid UTF-8 and the registry's
        password and username in every encoding. Returns {where: text}:
        the four reports, the result's data and repr, and the log."""
        emulator("/__emulator/config", {"detail_password": "plain"})
        self.vulns({"high": 1}, hostile=True)
        lines = []
        with tcss.Client(log=lambda level, line: lines.append(line), log_level=tcss.LOG_DEBUG) as c:
            for value in mask:
                c.add_secret(value)
            r = c.scan(NAME, self.image, sync=True, wait=30, fail_on="high")
            self.addCleanup(r.close)
        self.assertEqual(r.outcome, "gate_failed")
        reports = self.reports(r)
        # Still valid XML and JSON with the hostile strings in them.
        ET.fromstring(reports["junit"].encode())
        for fmt in ("json", "sarif", "gitlab"):
            json.loads(reports[fmt])
        return dict(reports, data=json.dumps(r.data), repr=repr(r), log="\n".join(lines))

    def leaks(self, texts, secrets):
        return sorted("%s in %s" % (what, where) for where, text in texts.items()
                      for what, secret in secrets if secret in text)

    def basic(self):
        return base64.b64encode(("%s:%s" % (REGISTRY_USER, REGISTRY_PASSWORD)).encode()).decode()

    def test_no_key_and_no_credential_form_of_the_password(self):
        texts = self.hostile_scan()
        self.assertEqual(self.leaks(texts, (("SecretKey", SECRET_KEY),)), [])
        log = texts.pop("log")
        self.assertIn("DescribeAssetImageRegistryVulList", log)   # the findings were traced
        self.assertEqual(self.leaks(texts, (("Basic credential", self.basic()),
                                            ("user:password", "%s:%s" % (REGISTRY_USER,
                                                                         REGISTRY_PASSWORD)))), [])

    def test_no_bare_password_echoed_by_tcss_when_named(self):
        """A scan is never given the registry's password, so a finding in
        which TCSS echoes it bare ("password=<it>") could only be masked if
        the library knew it: Client.add_secret() tells it, and then no
        result, report or log line holds it, nor the Basic credential."""
        texts = self.hostile_scan(mask=(REGISTRY_PASSWORD, self.basic()))
        self.assertEqual(self.leaks(texts, (("password", REGISTRY_PASSWORD),
                                            ("Basic credential", self.basic()))), [])

    def test_no_secret_in_an_exception(self):
        emulator("/__emulator/config", {"detail_password": "plain"})
        for call in (lambda: self.client.scan(NAME, "%s/pyteam/other:1.0" % HOST, wait=1),
                     lambda: self.client.scan("py-none", self.image),
                     lambda: self.client.scan(NAME, "not an image")):
            with self.assertRaises(tcss.Error) as cm:
                call()
            e = cm.exception
            for text in (str(e), repr(e), e.message, e.service_message):
                self.assertNotIn(REGISTRY_PASSWORD, text)
                self.assertNotIn(SECRET_KEY, text)


if __name__ == "__main__":
    unittest.main()
