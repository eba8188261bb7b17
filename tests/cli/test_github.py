"""tcss as a GitHub Actions Docker container action (issue 20).

Each test runs the command the way GitHub's runner runs a Docker action's
container: the image's entrypoint with no arguments, GITHUB_ACTIONS=true, an
INPUT_* variable for every input the action declares (INPUT_ and the name in
capitals, spaces as '_', hyphens kept; empty when the workflow gives none),
GITHUB_OUTPUT and GITHUB_STEP_SUMMARY naming files to append to. The inputs
are the ones plugins/github/action.yml declares, and two tests
check that file against the option table.

Every test_* method of GitHubActionTest is one CTest test, cli.github.<name>,
run under tests/harness/with-emulator (tests/cli/CMakeLists.txt).
"""

import json
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import (CliCase, EXIT_OK, EXIT_REJECTED, EXIT_USAGE,  # noqa: E402
                      FakeService, HOSTILE, PASSWORD, WEBHOOK_TOKEN,
                      DEFAULT_KEY, api_requests, emulator, field, stored)

HERE = os.path.dirname(os.path.abspath(__file__))
DRAFT = os.path.join(HERE, "..", "..", "plugins", "github")
SECRET_SETTINGS = ["password", "webhook-token", "secret-id", "secret-key",
                   "session-token"]


def action_yml():
    """{"inputs": {name: {"required": bool}}, "outputs": [...], "runs":
    {...}} from the draft action.yml (its own simple layout: two-space
    YAML, one key a line)."""
    with open(os.path.join(DRAFT, "action.yml")) as f:
        text = f.read()
    out = {"inputs": {}, "outputs": [], "runs": {}}
    section, current = None, None
    for line in text.split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = re.match(r"^([a-z]+):", line)
        if m:
            section = m.group(1)
            continue
        m = re.match(r"^  ([a-z-]+):\s*(.*)$", line)
        if m and section == "inputs":
            current = out["inputs"].setdefault(m.group(1), {})
        elif m and section == "outputs":
            out["outputs"].append(m.group(1))
        elif m and section == "runs":
            out["runs"][m.group(1)] = m.group(2)
        m = re.match(r"^    (required|default):\s*(.*)$", line)
        if m and section == "inputs":
            current[m.group(1)] = m.group(2)
    return out


def input_var(name):
    """The variable GitHub's runner sets for an input."""
    return "INPUT_" + name.replace(" ", "_").upper()


def read(path):
    if not os.path.exists(path):
        return ""
    with open(path) as f:
        return f.read()


class GitHubActionTest(CliCase):

    def setUp(self):
        super().setUp()
        self.output = os.path.join(self.tmp, "github_output")
        self.summary = os.path.join(self.tmp, "step_summary")

    def run_action(self, with_, env=None, unset=()):
        """The step `uses: ./plugins/github` with `with: with_`."""
        e = {"GITHUB_ACTIONS": "true", "CI": "true",
             "GITHUB_OUTPUT": self.output,
             "GITHUB_STEP_SUMMARY": self.summary,
             "GITHUB_WORKSPACE": self.tmp, "GITHUB_RUN_ID": "4242"}
        for name, spec in action_yml()["inputs"].items():
            e[input_var(name)] = spec.get("default", "").strip("'")
        for name, value in with_.items():
            e[input_var(name)] = value
        e.update(env or {})
        return self.tcss(env=e, unset=unset)

    def basic_inputs(self, name, **extra):
        inputs = {"name": name, "url": os.environ["TCSS_MOCK_REGISTRY"],
                  "registry-type": "quay",
                  "username": os.environ["TCSS_MOCK_REGISTRY_USER"],
                  "password": os.environ["TCSS_MOCK_REGISTRY_PASSWORD"]}
        inputs.update(extra)
        return inputs

    def outputs(self):
        """$GITHUB_OUTPUT as {name: value}; every line name=value."""
        got = {}
        for line in read(self.output).splitlines():
            m = re.match(r"^([a-z-]+)=(.*)$", line)
            self.assertIsNotNone(m, "not a name=value line: %r" % line)
            got[m.group(1)] = m.group(2)
        return got

    def assert_commands_are_ours(self, p):
        """Every workflow command line in the output is one tcss issues."""
        for line in (p.out + p.err).splitlines():
            if line.lstrip().startswith("::"):
                self.assertRegex(line, r"^::(add-mask|error|warning)"
                                 r"( title=[^:]*)?::", line)

    # -- inputs -------------------------------------------------------------

    def test_inputs_as_github_sets_them(self):
        p = self.run_action(self.basic_inputs(
            "cli-gh", **{"sync-mode": "incremental", "need-scan": "false",
                         "conn-detect": "q1:u1\nq2:u2\n", "speed-limit": "7",
                         "registry-version": "V2", "region": "ap-guangzhou"}))
        self.assert_exit(p, EXIT_OK)
        reg = stored("cli-gh")
        self.assertEqual(field(reg, "RegistryType"), "quay")
        self.assertEqual(field(reg, "SyncMode"), 1)
        self.assertEqual(field(reg, "SpeedLimit"), 7)
        self.assertEqual(field(reg, "RegistryVersion"), "V2")
        self.assertEqual(field(reg, "ConnDetectConfig"),
                         [{"Quuid": "q1", "Uuid": "u1"},
                          {"Quuid": "q2", "Uuid": "u2"}])
        self.assertNotIn("warning", p.err)
        out = self.outputs()
        self.assertEqual(sorted(out), ["already-existed", "health-checked",
                                       "registry-id", "request-id"])
        self.assertEqual(out["already-existed"], "false")
        self.assertEqual(out["health-checked"], "true")
        self.assertRegex(out["registry-id"], r"^\d+$")
        self.assertEqual(p.out, "registry %s added (RequestId %s)\n"
                         % (out["registry-id"], out["request-id"]))
        summary = read(self.summary)
        self.assertIn("### tcss add-registry: added", summary)
        self.assertIn("| Registry id | %s |" % out["registry-id"], summary)
        # A rerun appends: the second step's outputs say it existed.
        os.remove(self.output)
        again = self.run_action(self.basic_inputs("cli-gh"))
        self.assert_exit(again, EXIT_OK)
        self.assertEqual(self.outputs()["already-existed"], "true")
        self.assertEqual(self.outputs()["registry-id"], out["registry-id"])
        self.assertEqual(self.outputs()["health-checked"], "false")
        self.assertEqual(read(self.summary).count("### tcss add-registry"), 2)

    def test_flags_win_and_a_command_is_not_the_action(self):
        # With a command, GITHUB_ACTIONS=true is just a `run:` step: flags
        # only, no INPUT_* read, nothing written for the action.
        p = self.tcss(*self.registry_args("cli-gh-run"), env={
            "GITHUB_ACTIONS": "true", "GITHUB_OUTPUT": self.output,
            "INPUT_REGISTRY-TYPE": "quay"},
            stdin=os.environ["TCSS_MOCK_REGISTRY_PASSWORD"])
        self.assert_exit(p, EXIT_OK)
        self.assertEqual(field(stored("cli-gh-run"), "RegistryType"),
                         "harbor")
        self.assertEqual(read(self.output), "")

    def test_missing_inputs_are_an_error_annotation(self):
        p = self.run_action({"name": "cli-gh-missing"})
        self.assert_exit(p, EXIT_USAGE)
        self.assertEqual(
            p.err,
            "::error title=tcss usage error::missing: input url, input "
            "registry-type, input username, the registry password (input "
            "password, input password-file or $TCSS_REGISTRY_PASSWORD)\n")
        self.assertIn("### tcss add-registry: failed", read(self.summary))
        self.assert_nothing_sent()

    def test_unknown_input_warned(self):
        p = self.run_action(self.basic_inputs("cli-gh-typo"), env={
            "INPUT_REGISTRY_TYPE": "harbor"})
        self.assert_exit(p, EXIT_OK)
        self.assertIn("::warning::INPUT_REGISTRY_TYPE is not an input tcss "
                      "knows; it is ignored (did you mean "
                      "INPUT_REGISTRY-TYPE?)", p.err)

    # -- secrets, errors, hostile text ---------------------------------------

    def test_every_secret_masked_first(self):
        pw = self.write("pw", PASSWORD + "\n")
        hook = self.write("hook", WEBHOOK_TOKEN)
        p = self.run_action(self.basic_inputs(
            "cli-gh-mask", password="", **{
                "password-file": pw, "webhook-url": "https://h.example.com/x",
                "webhook-token-file": hook,
                "secret-id": os.environ["TENCENTCLOUD_SECRET_ID"],
                "secret-key": DEFAULT_KEY}),
            unset=("TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY"))
        self.assert_exit(p, EXIT_OK)
        self.assertEqual(field(stored("cli-gh-mask"), "Password"), PASSWORD)
        lines = p.err.splitlines()
        masks = [l for l in lines if l.startswith("::add-mask::")]
        self.assertEqual(masks, ["::add-mask::" + PASSWORD,
                                 "::add-mask::" + WEBHOOK_TOKEN,
                                 "::add-mask::" + DEFAULT_KEY])
        self.assertEqual(lines[:3], masks, "masks come before anything else")
        # Nowhere else: not on stdout, not in the files.
        for where in (p.out, read(self.output), read(self.summary)):
            for secret in (PASSWORD, WEBHOOK_TOKEN, DEFAULT_KEY):
                self.assertNotIn(secret, where)
        # A multi-line secret: one mask a line, '%' escaped.
        p = self.run_action(self.basic_inputs(
            "cli-gh-mask2", password="line-1%\nline-2"))
        self.assertIn("::add-mask::line-1%25\n::add-mask::line-2\n", p.err)

    def test_service_error_is_an_annotation(self):
        emulator("/__emulator/faults",
                 {"mode": "error", "count": 2, "code": "FailedOperation",
                  "message": HOSTILE.decode("utf-8", "ignore")})
        p = self.run_action(self.basic_inputs("cli-gh-err"))
        self.assert_exit(p, EXIT_REJECTED)
        errors = [l for l in p.err.splitlines() if l.startswith("::error")]
        self.assertEqual(len(errors), 1, p.err)
        self.assertTrue(errors[0].startswith(
            "::error title=tcss service error::"), errors)
        self.assertIn("FailedOperation", errors[0])
        self.assertIn("[RequestId ", errors[0])
        self.assertNotIn("\r", p.err)
        self.assert_commands_are_ours(p)
        out = self.outputs()
        self.assertEqual(list(out), ["request-id"])
        self.assertTrue(out["request-id"])
        summary = read(self.summary)
        self.assertIn("### tcss add-registry: failed", summary)
        self.assertIn("| Code | FailedOperation |", summary)

    def test_service_text_cannot_issue_commands(self):
        # The answer's strings try to add outputs, break the summary's table
        # and its HTML, and start workflow commands.
        body = json.dumps({"Response": {
            "RequestId": "rid\n::set-output name=x::y\nregistry-id=666",
            "HealthCheckErr": "<img src=x onerror=alert(1)>|x|\n::error::no",
            "NameRepeatErr": "", "RegistryId": 77}}).encode()
        fake = FakeService(body)
        self.addCleanup(fake.close)
        p = self.run_action(self.basic_inputs(
            "cli-gh-hostile", endpoint=fake.endpoint, **{"max-attempts": "1"}))
        self.assert_exit(p, EXIT_OK)
        self.assert_commands_are_ours(p)
        out = self.outputs()
        self.assertEqual(sorted(out), ["already-existed", "health-checked",
                                       "registry-id", "request-id"])
        self.assertEqual(out["registry-id"], "77")
        self.assertNotIn("\n", out["request-id"])
        summary = read(self.summary)
        self.assertNotIn("<img", summary)
        self.assertIn("&lt;img", summary)
        for row in summary.splitlines():
            if row.startswith("| Health check"):
                # Three unescaped pipes: the row's own, no extra cell.
                self.assertEqual(len(re.findall(r"(?<!\\)\|", row)), 3, row)

    # -- the action.yml draft against the option table -----------------------

    def test_action_yml_inputs_are_the_option_table(self):
        inputs = action_yml()["inputs"]
        flags = set()
        # The commands a step runs (input command), and the global flags.
        commands = ("add-registry", "ensure-registry", "scan")
        for args in [["--help"]] + [[c, "--help"] for c in commands]:
            p = self.tcss(*args)
            flags |= set(re.findall(r"^  --([a-z-]+)", p.out, re.M))
        settable = (flags - {"help", "version", "password-stdin"}) | set(
            SECRET_SETTINGS) | {"command"}
        self.assertEqual(set(inputs), settable)
        # Required where every command the action runs says "(required)".
        required = None
        for c in commands:
            help_text = self.tcss(c, "--help").out
            got = set(re.findall(r"^  --([a-z-]+) \S+ +[^\n]*\(required\)",
                                 help_text, re.M))
            required = got if required is None else required & got
        self.assertEqual(required, {"name"})
        self.assertEqual({n for n, s in inputs.items()
                          if s.get("required") == "true"}, required)
        # No defaults: tcss's own (from the header) apply.
        self.assertEqual([n for n, s in inputs.items() if "default" in s], [])

    def test_action_yml_every_input_is_read(self):
        # Every input set, as GitHub sets them: not one is unknown to tcss,
        # and the run goes through (dry run: nothing sent).
        values = {n: "" for n in action_yml()["inputs"]}
        values.update(self.basic_inputs("cli-gh-all", **{"dry-run": "true"}))
        p = self.run_action(values)
        self.assert_exit(p, EXIT_OK)
        self.assertNotIn("not an input", p.err)
        self.assertEqual(api_requests(), [])
        meta = action_yml()
        self.assertEqual(sorted(meta["outputs"]), sorted(
            ["already-existed", "health-checked", "registry-id",
             "request-id", "action", "changed", "outcome", "passed",
             "critical", "high", "medium", "low", "report-gitlab",
             "report-sarif", "report-junit", "report-json"]))
        self.assertEqual(meta["runs"], {"using": "docker",
                                        "image": "Dockerfile"})
        docker = read(os.path.join(DRAFT, "Dockerfile"))
        self.assertRegex(docker, r"\nUSER root\n")
        self.assertIn('ENTRYPOINT ["tcss"]', docker)


if __name__ == "__main__":
    unittest.main(verbosity=2)
