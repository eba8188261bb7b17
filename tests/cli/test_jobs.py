"""The recurring job's commands (issue 18) end to end against the emulator:
ensure-registry, list-registries, show-registry, remove-registry, sync and
scan, in each output format, with the exit codes 9 (the gate failed), 10 (the
scan did not finish), 11 (not in TCSS) and 12 (a --report not written), the
four report formats parsed, the CI modes (PLUGIN_COMMAND, INPUT_COMMAND) and
no secret anywhere.

A scan needs an image in the mock registry and in TCSS: each scan test pushes
one (POST $TCSS_MOCK_REGISTRY/__mock/push), gives the emulator a
vulnerability fixture (POST /__emulator/vulns) and registers the mock
registry with NeedScan, as tests/integration/test_scan.c does; `--sync` then
makes TCSS read the mock registry's catalogue.

Every test_* method of JobsTest is one CTest test, cli.jobs.<name>, run under
tests/harness/with-emulator (tests/cli/CMakeLists.txt).
"""

import base64
import json
import os
import re
import sys
import unittest
import urllib.request
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import (CliCase, EXIT_OK, EXIT_USAGE, NO_PROXY,  # noqa: E402
                      HOSTILE, api_requests, assert_clean_output, emulator,
                      field, registries)
from test_output_env import parse_env as parse_env_bytes  # noqa: E402

EXIT_GATE, EXIT_INCOMPLETE, EXIT_NOT_FOUND, EXIT_REPORT = 9, 10, 11, 12
FORMATS = ("gitlab", "sarif", "junit", "json")


def mock_push(repository, tag, seed):
    """Pushes an image to the mock registry; its manifest digest."""
    req = urllib.request.Request(
        os.environ["TCSS_MOCK_REGISTRY"] + "/__mock/push",
        data=json.dumps({"repository": repository, "tag": tag,
                         "seed": seed}).encode(), method="POST")
    req.add_header("Content-Type", "application/json")
    with NO_PROXY.open(req, timeout=30) as resp:
        return json.loads(resp.read())["digest"]


def parse_env(test, out):
    """--output env's lines as {KEY: decoded text}, each line checked."""
    return {k: v.decode("utf-8")
            for k, v in parse_env_bytes(test, out).items()}


def actions():
    """The X-TC-Action of every request TCSS received, in order."""
    return [{k.lower(): v for k, v in r["headers"].items()}["x-tc-action"]
            for r in api_requests()]


class JobsCase(CliCase):
    """Helpers: a registry, an image in it, a command run on them."""

    user = property(lambda self: os.environ["TCSS_MOCK_REGISTRY_USER"])
    password = property(
        lambda self: os.environ["TCSS_MOCK_REGISTRY_PASSWORD"])

    def secrets(self):
        """The registry password in every encoding that must never show."""
        pw = self.password
        basic = base64.b64encode(("%s:%s" % (self.user, pw)).encode())
        return [pw, basic.decode(), json.dumps(pw)[1:-1],
                urllib.request.quote(pw, safe="")]

    def ensure(self, name, *extra, stdin=None):
        return self.tcss(
            "ensure-registry", "--name", name,
            "--url", os.environ["TCSS_MOCK_REGISTRY"],
            "--registry-type", "harbor", "--username", self.user,
            "--password-stdin", *extra,
            stdin=self.password if stdin is None else stdin)

    def image_setup(self, name="scan-reg", hostile=False, **generate):
        """An image pushed, findings for it, a registry that authorizes new
        images. Returns the image reference with its digest."""
        emulator("/__emulator/config", {"sync_seconds": 0.2,
                                        "scan_seconds": 0.4})
        digest = mock_push("team/app", "1.0", "s1")
        counts = {"critical": 1, "high": 2, "medium": 3, "low": 4,
                  "fixable": 0.5}
        counts.update(generate)
        emulator("/__emulator/vulns", {"key": "*", "generate": counts,
                                       "hostile": hostile})
        p = self.ensure(name, "--need-scan", "--sync-mode", "incremental")
        self.assert_exit(p, EXIT_OK)
        host = os.environ["TCSS_MOCK_REGISTRY"].split("://", 1)[1]
        return "%s/team/app:1.0@%s" % (host, digest)

    def scan(self, image, *extra, name="scan-reg", env=None):
        return self.tcss("scan", "--name", name, "--image", image, "--sync",
                         "--wait", "60", *extra, env=env)

    def reports(self, *formats):
        """--report arguments for formats, and their paths."""
        paths = {f: os.path.join(self.tmp, "report." + f) for f in formats}
        args = []
        for f in formats:
            args += ["--report", "%s=%s" % (f, paths[f])]
        return args, paths

    def assert_reports_valid(self, paths):
        """Each report exists and parses: JSON for gitlab, sarif and json,
        XML (xml.etree) for junit; returns them parsed."""
        parsed = {}
        for fmt, path in paths.items():
            with open(path, "rb") as f:
                raw = f.read()
            if fmt == "junit":
                parsed[fmt] = ET.fromstring(raw)
            else:
                parsed[fmt] = json.loads(raw.decode("utf-8"))
        return parsed

    def assert_no_secret_in(self, *texts):
        for text in texts:
            for s in self.secrets():
                self.assertNotIn(s, text)


class JobsTest(JobsCase):

    # -- ensure-registry ----------------------------------------------------

    def test_ensure_added_unchanged_updated_text(self):
        p = self.ensure("job-ensure")
        self.assert_exit(p, EXIT_OK)
        self.assertRegex(p.out, r"^registry (\d+) added \(RequestId \S+\)\n$")
        rid = re.match(r"^registry (\d+)", p.out).group(1)
        # The same settings: nothing sent but a list page and a detail.
        before = len(api_requests())
        p = self.ensure("job-ensure")
        self.assert_exit(p, EXIT_OK)
        self.assertTrue(p.out.startswith("registry %s unchanged" % rid), p.out)
        self.assertEqual(len(api_requests()) - before, 2)
        # A changed setting: updated in place, and the text says what and why.
        p = self.ensure("job-ensure", "--registry-version", "V2")
        self.assert_exit(p, EXIT_OK)
        self.assertRegex(p.out, r"^registry %s updated: settings differ: "
                         r"RegistryVersion \(RequestId \S+\)\n$" % rid)
        self.assertIn("UpdateAssetImageRegistryRegistryDetail", actions())
        self.assertEqual(len([r for r in registries()
                              if field(r, "Name") == "job-ensure"]), 1)
        self.assertNotIn(self.password, p.out + p.err)

    def test_ensure_json_env_and_update_never(self):
        p = self.ensure("job-ensure-j", "--output", "json")
        self.assert_exit(p, EXIT_OK)
        obj = self.one_json(p)
        self.assertEqual(obj["Action"], "added")
        self.assertEqual(obj["Changed"], [])
        p = self.ensure("job-ensure-j", "--registry-version", "V9",
                        "--update", "never", "--output", "env")
        self.assert_exit(p, EXIT_OK)
        env = parse_env(self, p.out)
        self.assertEqual(env["TCSS_ACTION"], "unchanged")
        # What differs is said; nothing is updated.
        self.assertEqual(env["TCSS_CHANGED"], "RegistryVersion")
        self.assertIn("update never", env["TCSS_REASON"])
        self.assertIn("RegistryVersion", env["TCSS_REASON"])
        self.assertEqual(env["TCSS_REGISTRY_ID"], str(obj["RegistryId"]))
        self.assertNotIn("UpdateAssetImageRegistryRegistryDetail", actions())
        p = self.ensure("job-ensure-j", "--update", "always", "--output",
                        "json")
        self.assert_exit(p, EXIT_OK)
        self.assertEqual(self.one_json(p)["Action"], "updated")
        p = self.ensure("job-ensure-j", "--update", "sometimes")
        self.assert_exit(p, EXIT_USAGE)
        self.assertIn("--update: 'sometimes' is not one of auto, always, "
                      "never", p.err)

    # -- list, show, remove -------------------------------------------------

    def test_list_and_show_in_every_format(self):
        self.assert_exit(self.ensure("job-list-a"), EXIT_OK)
        self.assert_exit(self.ensure("job-list-b"), EXIT_OK)
        p = self.tcss("list-registries")
        self.assert_exit(p, EXIT_OK)
        lines = p.out.splitlines()
        self.assertEqual(lines[0], "ID\tNAME\tTYPE\tURL\tSYNC\tCONNECTION")
        self.assertEqual(sorted(l.split("\t")[1] for l in lines[1:3]),
                         ["job-list-a", "job-list-b"])
        self.assertEqual(lines[3], "2 registries")
        j = self.one_json(self.tcss("list-registries", "--output", "json"))
        self.assertEqual(j["TotalCount"], 2)
        env = parse_env(self, self.tcss("list-registries", "--output",
                                        "env").out)
        self.assertEqual(env["TCSS_TOTAL_COUNT"], "2")
        self.assertEqual({env["TCSS_REGISTRIES_0_NAME"],
                          env["TCSS_REGISTRIES_1_NAME"]},
                         {"job-list-a", "job-list-b"})
        p = self.tcss("show-registry", "--name", "job-list-a")
        self.assert_exit(p, EXIT_OK)
        self.assertIn("\nName: job-list-a\n", "\n" + p.out)
        self.assertIn("\nUsername: %s\n" % self.user, "\n" + p.out)
        j = self.one_json(self.tcss("show-registry", "--name", "job-list-a",
                                    "--output", "json"))
        self.assertEqual(j["Url"], os.environ["TCSS_MOCK_REGISTRY"])
        self.assertNotIn("Password", j)
        env = parse_env(self, self.tcss("show-registry", "--name",
                                        "job-list-a", "--output", "env").out)
        self.assertEqual(env["TCSS_NAME"], "job-list-a")
        self.assertEqual(env["TCSS_REGISTRY_ID"], str(j["RegistryId"]))
        for fmt in ("text", "json", "env"):
            p = self.tcss("show-registry", "--name", "job-list-a",
                          "--output", fmt)
            self.assert_no_secret_in(p.out, p.err)

    def test_remove_needs_yes_and_sends_nothing_without(self):
        self.assert_exit(self.ensure("job-remove"), EXIT_OK)
        before = len(api_requests())
        for fmt in ("text", "json"):
            p = self.tcss("remove-registry", "--name", "job-remove",
                          "--output", fmt)
            self.assert_exit(p, EXIT_USAGE)
            self.assertIn("--yes", p.out + p.err)
        self.assertEqual(len(api_requests()), before, "nothing sent")
        self.assertEqual([field(r, "Name") for r in registries()],
                         ["job-remove"])
        p = self.tcss("remove-registry", "--name", "job-remove", "--yes",
                      "--output", "json")
        self.assert_exit(p, EXIT_OK)
        self.assertEqual(self.one_json(p)["Name"], "job-remove")
        self.assertEqual(registries(), [])
        self.assertIn("RemoveAssetImageRegistryRegistryDetail", actions())

    def test_not_found_is_exit_11(self):
        for args in (["show-registry", "--name", "job-nope"],
                     ["remove-registry", "--name", "job-nope", "--yes"],
                     ["sync", "--name", "job-nope"]):
            with self.subTest(args=args):
                p = self.tcss(*args)
                self.assert_exit(p, EXIT_NOT_FOUND)
                self.assertIn("tcss: error (not_found):", p.err)
                self.assertIn("job-nope", p.err)
                self.assertEqual(p.out, "")
                err = self.json_error(self.tcss(*args, "--output", "json"),
                                      EXIT_NOT_FOUND, "not_found")
                self.assertIn("job-nope", err["Message"])
                e = self.tcss(*args, "--output", "env")
                self.assert_exit(e, EXIT_NOT_FOUND)
                self.assertEqual(parse_env(self, e.out)["TCSS_ERROR_CLASS"],
                                 "not_found")

    # -- sync -----------------------------------------------------------------

    def test_sync_and_wait(self):
        emulator("/__emulator/config", {"sync_seconds": 0.3})
        self.assert_exit(self.ensure("job-sync"), EXIT_OK)
        p = self.tcss("sync", "--name", "job-sync")
        self.assert_exit(p, EXIT_OK)
        self.assertRegex(p.out, r"^registry \d+: sync requested")
        p = self.tcss("sync", "--name", "job-sync", "--wait", "20")
        self.assert_exit(p, EXIT_OK)
        self.assertRegex(p.out, r"^registry \d+ synced: success at \d{4}-")
        j = self.one_json(self.tcss("sync", "--name", "job-sync", "--wait",
                                    "20", "--output", "json"))
        self.assertIs(j["Finished"], True)
        self.assertEqual(j["SyncStatus"], "success")
        # A sync that cannot finish within the wait: exit 10.
        emulator("/__emulator/config", {"sync_seconds": 30})
        p = self.tcss("sync", "--name", "job-sync", "--wait", "1.5",
                      "--output", "env")
        self.assert_exit(p, EXIT_INCOMPLETE)
        self.assertEqual(parse_env(self, p.out)["TCSS_FINISHED"], "false")

    # -- scan -----------------------------------------------------------------

    def test_scan_passed_text_and_every_report(self):
        image = self.image_setup()
        args, paths = self.reports(*FORMATS)
        p = self.scan(image, *args)
        self.assert_exit(p, EXIT_OK)
        lines = p.out.splitlines()
        self.assertEqual(lines[0], "image %s: passed (scan SCANNED)" % image)
        self.assertEqual(lines[1], "findings: critical 1, high 2, medium 3, "
                         "low 4, unknown 0")
        self.assertTrue(lines[2].startswith("gate: passed"), lines)
        for f in FORMATS:
            self.assertIn("report %s written to %s" % (f, paths[f]), lines)
        parsed = self.assert_reports_valid(paths)
        self.assertEqual(len(parsed["json"]["findings"]), 10)
        self.assertEqual(parsed["sarif"]["version"], "2.1.0")
        self.assertEqual(len(parsed["gitlab"]["vulnerabilities"]), 10)
        # One case per finding, and "scan completed" and "gate".
        self.assertEqual(len(parsed["junit"].findall(".//testcase")), 12)
        self.assertEqual(parsed["junit"].findall(".//failure"), [])

    def test_scan_gate_failed_exit_9_in_every_format(self):
        image = self.image_setup()
        args, paths = self.reports("junit", "json")
        p = self.scan(image, "--fail-on", "high", *args)
        self.assert_exit(p, EXIT_GATE)
        self.assertIn(": the gate failed (scan SCANNED)", p.out)
        self.assertIn("critical 1 (1 failing), high 2 (2 failing)", p.out)
        self.assertIn("--fail-on high: 3 findings at high or above", p.out)
        junit = self.assert_reports_valid(paths)["junit"]
        # The three findings at high or above, and the gate's own case.
        self.assertEqual(len(junit.findall(".//failure")), 4)
        j = self.scan(image, "--max-medium", "2", "--output", "json", *args)
        self.assert_exit(j, EXIT_GATE)
        obj = self.one_json(j)
        self.assertEqual(obj["Outcome"], "gate_failed")
        self.assertIs(obj["gate"]["passed"], False)
        self.assertEqual(obj["Reports"], [
            {"Format": "junit", "Path": paths["junit"], "Written": True},
            {"Format": "json", "Path": paths["json"], "Written": True}])
        e = self.scan(image, "--fail-on", "critical", "--output", "env",
                      *args)
        self.assert_exit(e, EXIT_GATE)
        env = parse_env(self, e.out)
        self.assertEqual((env["TCSS_OUTCOME"], env["TCSS_PASSED"]),
                         ("gate_failed", "false"))
        self.assertEqual((env["TCSS_CRITICAL"], env["TCSS_HIGH"],
                          env["TCSS_MEDIUM"], env["TCSS_LOW"]),
                         ("1", "2", "3", "4"))
        self.assertEqual(env["TCSS_CRITICAL_FAILING"], "1")
        self.assertEqual(env["TCSS_REPORT_JUNIT"], paths["junit"])
        # --only-fixed: half of each level has a fix, so 0 of 1 critical.
        p = self.scan(image, "--fail-on", "critical", "--only-fixed")
        self.assert_exit(p, EXIT_OK)
        # --quiet: no text, the exit code still says it.
        q = self.scan(image, "--fail-on", "high", "--quiet")
        self.assert_exit(q, EXIT_GATE)
        self.assertEqual(q.out, "")

    def test_scan_ignore_file_and_an_expired_entry(self):
        image = self.image_setup()
        j = self.scan(image, "--output", "json")
        self.assert_exit(j, EXIT_OK)
        findings = self.one_json(j)["findings"]
        critical = [f["id"] for f in findings if f["severity"] == "critical"]
        high = [f["id"] for f in findings if f["severity"] == "high"]
        self.assertEqual(len(critical), 1)
        ignore = self.write("ignore", "# accepted\n%s  until=2999-01-01  not "
                            "reachable at run time\n%s  until=2001-01-01  "
                            "old exception\n" % (critical[0], high[0]))
        p = self.scan(image, "--fail-on", "critical", "--ignore-file", ignore)
        self.assert_exit(p, EXIT_OK)
        self.assertIn("ignore entry %s expired on 2001-01-01: it no longer "
                      "applies" % high[0], p.out)
        # The expired entry ignores nothing: high still fails.
        p = self.scan(image, "--fail-on", "high", "--ignore-file", ignore)
        self.assert_exit(p, EXIT_GATE)
        bad = self.write("bad-ignore", "%s\n" % critical[0])
        p = self.scan(image, "--ignore-file", bad)
        self.assert_exit(p, EXIT_USAGE)
        self.assertIn("line 1", p.err)

    def test_scan_error_is_exit_10_with_reports(self):
        image = self.image_setup()
        emulator("/__emulator/config", {"scan_result": "SCAN_ERR"})
        args, paths = self.reports(*FORMATS)
        p = self.scan(image, *args)
        self.assert_exit(p, EXIT_INCOMPLETE)
        self.assertIn(": the scan did not finish (scan SCAN_ERR)", p.out)
        self.assert_reports_valid(paths)
        j = self.scan(image, "--output", "json")
        self.assert_exit(j, EXIT_INCOMPLETE)
        self.assertEqual(self.one_json(j)["Outcome"], "incomplete")

    def test_scan_wait_runs_out_is_exit_10(self):
        image = self.image_setup()
        emulator("/__emulator/config", {"scan_seconds": 60})
        args, paths = self.reports("json")
        p = self.tcss("scan", "--name", "scan-reg", "--image", image,
                      "--sync", "--wait", "4", *args)
        self.assert_exit(p, EXIT_INCOMPLETE)
        self.assertIn("the scan did not finish", p.out)
        self.assertIn("stopped", p.out)
        self.assertFalse(self.assert_reports_valid(paths)["json"]["scan"]
                         ["completed"])
        self.assertIn("ModifyAssetImageRegistryScanStop", actions())

    def test_scan_image_not_in_tcss_is_exit_11(self):
        self.image_setup()
        host = os.environ["TCSS_MOCK_REGISTRY"].split("://", 1)[1]
        p = self.tcss("scan", "--name", "scan-reg", "--image",
                      host + "/team/other:1.0", "--wait", "2")
        self.assert_exit(p, EXIT_NOT_FOUND)
        self.assertIn("team/other", p.err)
        p = self.tcss("scan", "--name", "no-such-reg", "--image",
                      host + "/team/app:1.0", "--output", "json")
        self.json_error(p, EXIT_NOT_FOUND, "not_found")

    def test_report_not_writable_is_exit_12_after_the_others(self):
        image = self.image_setup()
        bad = os.path.join(self.tmp, "no-such-dir", "r.sarif")
        args, paths = self.reports("json", "junit")
        p = self.scan(image, "--fail-on", "high", "--report",
                      "sarif=" + bad, *args)
        self.assert_exit(p, EXIT_REPORT)
        self.assertIn("tcss: error (report):", p.err)
        self.assertIn(bad, p.err)
        self.assertIn("report sarif NOT written to " + bad, p.out)
        self.assert_reports_valid(paths)
        self.assertFalse(os.path.exists(bad))

    def test_scan_usage_errors_send_nothing(self):
        cases = [
            (["--report", "html=x.html"], "--report: 'html=x.html' is not "
             "FORMAT=PATH"),
            (["--report", "junit"], "is not FORMAT=PATH"),
            (["--report", "jnuit=r.xml"], "(did you mean junit?)"),
            (["--fail-on", "severe"], "--fail-on: 'severe' is not one of"),
            (["--max-high", "-1"], "--max-high: '-1' is not a whole number"),
            (["--wait", "soon"], "--wait: 'soon' is not a number of seconds"),
            (["--url", "https://x.example.com"], "--url does not apply to "
             "scan"),
            (["--dry-run"], "--dry-run does not apply to scan"),
        ]
        for extra, said in cases:
            with self.subTest(extra=extra):
                p = self.tcss("scan", "--name", "r", "--image",
                              "h.example.com/a:1", *extra)
                self.assert_exit(p, EXIT_USAGE)
                self.assertIn(said, p.err)
        p = self.tcss("scan", "--name", "r")
        self.assert_exit(p, EXIT_USAGE)
        self.assertIn("missing: --image", p.err)
        self.assert_nothing_sent()

    def test_no_secret_in_any_output(self):
        # The hostile fixture puts the registry's stored password, in every
        # encoding, and CI commands into findings' strings.
        image = self.image_setup(hostile=True)
        for fmt in ("text", "env"):
            p = self.scan(image, "--fail-on", "low", "--output", fmt)
            self.assert_exit(p, EXIT_GATE)
            self.assert_no_secret_in(p.out, p.err)
            assert_clean_output(self, p.stdout)
            assert_clean_output(self, p.stderr)
        for args in (["ensure-registry", "--name", "scan-reg", "--url",
                      os.environ["TCSS_MOCK_REGISTRY"], "--registry-type",
                      "harbor", "--username", self.user, "--password-stdin",
                      "--update", "always", "--verbose"],
                     ["show-registry", "--name", "scan-reg", "--verbose"],
                     ["list-registries", "--verbose"]):
            for fmt in ("text", "json", "env"):
                p = self.tcss(*args, "--output", fmt, stdin=self.password)
                self.assert_exit(p, EXIT_OK)
                self.assert_no_secret_in(p.out, p.err)

    @unittest.expectedFailure
    def test_no_secret_in_reports_json_or_trace(self):
        # KNOWN GAP in the library, not the CLI: a scan's call does not know
        # the registry's password (tcss_scan_options has no secret to mask),
        # so a password TCSS echoes inside a finding reaches the reports,
        # the JSON result and the --verbose trace unmasked. When the library
        # masks it this test passes and the decorator must go.
        image = self.image_setup(hostile=True)
        args, paths = self.reports(*FORMATS)
        p = self.scan(image, "--fail-on", "low", "--verbose", "--output",
                      "json", *args)
        self.assert_exit(p, EXIT_GATE)
        parsed = self.assert_reports_valid(paths)
        self.assertGreater(len(parsed["json"]["findings"]), 10)
        texts = [p.out, p.err]
        for f in FORMATS:
            with open(paths[f], encoding="utf-8") as fh:
                texts.append(fh.read())
        self.assert_no_secret_in(*texts)

    def test_service_text_escaped_in_text_output(self):
        image = self.image_setup()
        emulator("/__emulator/config", {"scan_result": "SCAN_ERR"})
        p = self.scan(image)
        self.assert_exit(p, EXIT_INCOMPLETE)
        assert_clean_output(self, p.stdout)
        assert_clean_output(self, p.stderr)
        self.assertNotIn(HOSTILE.decode("utf-8", "ignore"), p.out)

    def test_help_completion_and_dry_run_setting(self):
        p = self.tcss("help", "scan")
        self.assert_exit(p, EXIT_OK)
        flags = set(re.findall(r"^  --([a-z-]+)", p.out, re.M))
        self.assertEqual(flags, {
            "name", "image", "sync", "wait", "fail-on", "max-critical",
            "max-high", "max-medium", "max-low", "only-fixed", "ignore-file",
            "report"})
        p = self.tcss("ensure-registry", "--help")
        self.assertIn("--update WHEN", p.out)
        self.assertIn("--url URL", p.out)
        p = self.tcss("remove-registry", "--help")
        self.assertEqual(set(re.findall(r"^  --([a-z-]+)", p.out, re.M)),
                         {"name", "yes"})
        top = self.tcss("--help").out
        for cmd in ("ensure-registry", "list-registries", "show-registry",
                    "remove-registry", "sync", "scan"):
            self.assertRegex(top, r"\n  %s +\S" % cmd)
        self.assertIn("9 the scan's gate failed", " ".join(top.split()))
        bash = self.tcss("completion", "bash").out
        self.assertIn("--fail-on) COMPREPLY=($(compgen -W 'critical high "
                      "medium low none'", bash)
        self.assertIn("scan", bash.split("COMPREPLY=($(compgen -W '")[-1])
        # A dry run set as a CI setting would otherwise really scan.
        p = self.tcss(env={"PLUGIN_NAME": "r", "PLUGIN_COMMAND": "scan",
                           "PLUGIN_IMAGE": "h.example.com/a:1",
                           "PLUGIN_DRY_RUN": "true"})
        self.assert_exit(p, EXIT_USAGE)
        self.assertIn("PLUGIN_DRY_RUN: only add-registry can show its "
                      "request without sending it", p.err)
        self.assert_nothing_sent()

    # -- the CI modes ---------------------------------------------------------

    def test_plugin_command_scan_and_ensure(self):
        image = self.image_setup()
        junit = os.path.join(self.tmp, "junit.xml")
        gitlab = os.path.join(self.tmp, "gl.json")
        env = {"PLUGIN_NAME": "scan-reg", "PLUGIN_COMMAND": "scan",
               "PLUGIN_IMAGE": image, "PLUGIN_SYNC": "true",
               "PLUGIN_WAIT": "60", "PLUGIN_FAIL_ON": "high",
               "PLUGIN_REPORT": "junit=%s,gitlab=%s" % (junit, gitlab),
               "PLUGIN_URL": os.environ["TCSS_MOCK_REGISTRY"],
               "PLUGIN_PASSWORD": self.password}
        p = self.tcss(env=env)
        self.assert_exit(p, EXIT_GATE)
        self.assertNotIn("warning", p.err)
        self.assertIn("the gate failed", p.out)
        self.assert_reports_valid({"junit": junit, "gitlab": gitlab})
        self.assert_no_secret_in(p.out, p.err)
        env.update({"PLUGIN_COMMAND": "ensure-registry",
                    "PLUGIN_REGISTRY_TYPE": "harbor",
                    "PLUGIN_USERNAME": self.user,
                    "PLUGIN_REGISTRY_VERSION": "V2",
                    "PLUGIN_NEED_SCAN": "true", "PLUGIN_SYNC_MODE": "1"})
        p = self.tcss(env=env)
        self.assert_exit(p, EXIT_OK)
        self.assertRegex(p.out, r"^registry \d+ updated: settings differ: "
                         r"RegistryVersion ")
        p = self.tcss(env=dict(env, PLUGIN_COMMAND="scna"))
        self.assert_exit(p, EXIT_USAGE)
        self.assertIn("PLUGIN_COMMAND: 'scna' is not one of add-registry, "
                      "ensure-registry, scan (did you mean scan?)", p.err)

    def test_github_command_ensure_outputs(self):
        out = os.path.join(self.tmp, "github_output")
        summary = os.path.join(self.tmp, "summary")
        env = {"GITHUB_ACTIONS": "true", "GITHUB_OUTPUT": out,
               "GITHUB_STEP_SUMMARY": summary,
               "INPUT_COMMAND": "ensure-registry", "INPUT_NAME": "job-gh",
               "INPUT_URL": os.environ["TCSS_MOCK_REGISTRY"],
               "INPUT_REGISTRY-TYPE": "harbor", "INPUT_USERNAME": self.user,
               "INPUT_PASSWORD": self.password, "INPUT_IMAGE": ""}
        p = self.tcss(env=env)
        self.assert_exit(p, EXIT_OK)
        self.assertIn("::add-mask::" + self.password, p.err)
        p = self.tcss(env=dict(env, **{"INPUT_REGISTRY-VERSION": "V2"}))
        self.assert_exit(p, EXIT_OK)
        with open(out) as f:
            lines = f.read().splitlines()
        self.assertEqual(lines[:2], ["action=added", "registry-id=1"])
        self.assertEqual(lines[4:7], ["action=updated", "registry-id=1",
                                      "changed=RegistryVersion"])
        with open(summary) as f:
            text = f.read()
        self.assertIn("### tcss ensure-registry: added", text)
        self.assertIn("### tcss ensure-registry: updated", text)
        self.assertIn("| Why | settings differ\\: RegistryVersion |", text)
        self.assert_no_secret_in(p.out, text, "\n".join(lines))

    def test_github_command_scan_outputs_and_summary(self):
        image = self.image_setup(hostile=True)
        out = os.path.join(self.tmp, "github_output")
        summary = os.path.join(self.tmp, "summary")
        sarif = os.path.join(self.tmp, "r.sarif")
        env = {"GITHUB_ACTIONS": "true", "GITHUB_OUTPUT": out,
               "GITHUB_STEP_SUMMARY": summary, "INPUT_COMMAND": "scan",
               "INPUT_NAME": "scan-reg", "INPUT_IMAGE": image,
               "INPUT_SYNC": "true", "INPUT_WAIT": "60",
               "INPUT_FAIL-ON": "critical", "INPUT_REPORT": "sarif=" + sarif,
               "INPUT_PASSWORD": self.password, "INPUT_URL": ""}
        p = self.tcss(env=env)
        self.assert_exit(p, EXIT_GATE)
        for line in (p.out + p.err).splitlines():
            if line.lstrip().startswith("::"):
                self.assertRegex(line, r"^::(add-mask|error|warning)"
                                 r"( title=[^:]*)?::", line)
        with open(out) as f:
            lines = f.read().splitlines()
        got = {}
        for line in lines:
            m = re.match(r"^([a-z-]+)=(.*)$", line)
            self.assertIsNotNone(m, line)
            got[m.group(1)] = m.group(2)
        self.assertEqual(got["outcome"], "gate_failed")
        self.assertEqual(got["passed"], "false")
        self.assertEqual(got["report-sarif"], sarif)
        for sev in ("critical", "high", "medium", "low"):
            self.assertRegex(got[sev], r"^\d+$")
        with open(summary) as f:
            text = f.read()
        self.assertIn("### tcss scan: the gate failed", text)
        self.assertIn("| Severity | Findings | Failing the gate |", text)
        self.assertIn("| critical |", text)
        self.assertNotIn("<", text.replace("&lt;", ""))
        self.assert_no_secret_in(p.out, "\n".join(
            l for l in p.err.splitlines()
            if not l.startswith("::add-mask::")), text, "\n".join(lines))
        json.loads(open(sarif).read())
        # The password the step passes (for its ensure step) is masked in
        # the log, though scan never sends it.
        self.assertIn("::add-mask::" + self.password, p.err)


if __name__ == "__main__":
    unittest.main(verbosity=2)
