"""End-to-end tests of the `tcss` command against the local emulator.

Each test method is one CTest test (`cli.<name without test_>`), run under
tests/harness/with-emulator, which provides a fresh emulator and a mock image
registry through the environment (CONTRIBUTING.md, "Test harness"). The
binary comes from $TCSS_CLI; $TCSS_CLI_WRAPPER (e.g. "valgrind ...") is put
in front of it when set.

Every assertion is about behaviour a user sees: exit code, stdout, stderr,
and what reached the service (the emulator's request log and state).
"""

import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import urllib.request

CLI = os.environ.get("TCSS_CLI", "tcss")
WRAPPER = shlex.split(os.environ.get("TCSS_CLI_WRAPPER", ""))

# Recognizable secrets: none of them may ever show in the command's output.
PASSWORD = "CLI-REGISTRY-PASSWORD-5e1d"
WEBHOOK_TOKEN = "CLI-WEBHOOK-TOKEN-93ac"
DEFAULT_KEY = "libtcss-emulator-secret-key-0001"
TEMP_KEY = "libtcss-emulator-temp-key-0001"
TEMP_TOKEN = "libtcss-emulator-session-token-0001"

# Exit codes: CONTRIBUTING.md's table.
EXIT_OK, EXIT_INTERNAL, EXIT_USAGE, EXIT_AUTH, EXIT_REJECTED = 0, 1, 2, 3, 4
EXIT_RATE_LIMITED, EXIT_NETWORK, EXIT_BAD_RESPONSE, EXIT_HEALTH = 5, 6, 7, 8

# The emulator is on loopback: never through a proxy a CI machine may set.
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY",
              "HTTPS_PROXY", "ALL_PROXY")

# A safety net so a hung binary fails the test instead of hanging CTest; no
# assertion depends on timing.
SAFETY_TIMEOUT = 300


def closed_port():
    """A loopback port with nothing listening on it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def emulator(path, body=None):
    base = os.environ["TCSS_EMULATOR"]
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data,
                                 method="GET" if body is None else "POST")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with NO_PROXY.open(req, timeout=30) as resp:
        raw = resp.read()
    return json.loads(raw) if raw.strip() else None


def api_requests():
    got = emulator("/__emulator/requests")
    if isinstance(got, dict):
        got = got.get("requests", [])
    # TCSS calls only: the STS and metadata listeners are recorded too.
    return [r for r in got if r.get("listener", "api") == "api"]


def registries():
    return emulator("/__emulator/state").get("registries", [])


def field(reg, name):
    """A stored registry's input field, by its API name."""
    for key in (name, name[0].lower() + name[1:]):
        if key in reg:
            return reg[key]
    raise KeyError("stored registry has no %s: %r" % (name, sorted(reg)))


def stored(name):
    found = [r for r in registries() if field(r, "Name") == name]
    if len(found) != 1:
        raise AssertionError("expected one stored registry named %r, got %r"
                             % (name, found))
    return found[0]


# Hostile service text: a terminal escape, a bare CR, line breaks followed by
# CI command markers, a C1 control, and bytes that are not UTF-8.
HOSTILE = (b"bad\x1b[31mred\rover\n::add-mask::x\r\n##vso[task.setvariable"
           b" variable=a]b\xc2\x85next\xff\xfe\xed\xa0\x80end")


def assert_clean_output(test, raw):
    """raw (bytes, stdout or stderr) holds no control character but the
    line feeds between lines, is valid UTF-8, and no line starts with (or
    holds) a CI command marker."""
    text = raw.decode("utf-8")  # raises on invalid UTF-8
    for ch in text:
        if ch != "\n":
            test.assertFalse(ord(ch) < 0x20 or 0x7f <= ord(ch) <= 0x9f,
                             "control character %r in %r" % (ch, text))
    for line in text.split("\n"):
        test.assertFalse(line.lstrip().startswith("::"), line)
        test.assertNotIn("##vso[", line)
        test.assertNotIn("##[", line)


class FakeService:
    """A stand-in for the API on loopback that answers every POST with one
    fixed body (bytes), for answers the emulator cannot produce (invalid
    UTF-8 in a success answer's fields)."""

    def __init__(self, body):
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       daemon=True)
        self.thread.start()
        self.endpoint = "http://127.0.0.1:%d" % self.server.server_address[1]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class CliCase(unittest.TestCase):
    """The helpers every CLI test file uses (test_manners.py,
    test_github.py): a fresh HOME, running the command, reading the
    emulator."""
    maxDiff = None

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tcss-cli-test-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        # A HOME without a credentials file, so only what a test sets counts.
        self.home = os.path.join(self.tmp, "home")
        os.mkdir(self.home)

    # -- helpers ---------------------------------------------------------

    def base_env(self):
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("PLUGIN_")
               and k not in ("TCSS_REGISTRY_PASSWORD", "TCSS_WEBHOOK_TOKEN",
                             "TENCENTCLOUD_SESSION_TOKEN",
                             "TENCENTCLOUD_PROFILE", "TENCENTCLOUD_REGION")
               and k not in PROXY_VARS}
        env["HOME"] = self.home
        return env

    def tcss(self, *args, env=None, unset=(), stdin=None):
        e = self.base_env()
        for k in unset:
            e.pop(k, None)
        e.update(env or {})
        p = subprocess.run(WRAPPER + [CLI] + list(args), env=e,
                           input=(stdin or "").encode(),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=SAFETY_TIMEOUT)
        p.out = p.stdout.decode("utf-8", "replace")
        p.err = p.stderr.decode("utf-8", "replace")
        return p

    def registry_args(self, name, url=None, secret="stdin"):
        args = ["add-registry", "--name", name,
                "--url", url or os.environ["TCSS_MOCK_REGISTRY"],
                "--registry-type", "harbor",
                "--username", os.environ["TCSS_MOCK_REGISTRY_USER"]]
        if secret == "stdin":
            args.append("--password-stdin")
        return args

    def add(self, name, *extra, url=None, env=None, unset=(), stdin=None):
        if stdin is None:
            stdin = os.environ["TCSS_MOCK_REGISTRY_PASSWORD"] + "\n"
        return self.tcss(*(self.registry_args(name, url) + list(extra)),
                         env=env, unset=unset, stdin=stdin)

    def assert_exit(self, p, code):
        self.assertEqual(p.returncode, code,
                         "exit %d, wanted %d\nstdout: %s\nstderr: %s"
                         % (p.returncode, code, p.out, p.err))

    def one_json(self, p):
        """stdout holds exactly one JSON object and nothing else."""
        self.assertEqual(p.out.count("\n"), 1, "stdout: %r" % p.out)
        obj = json.loads(p.out)
        self.assertIsInstance(obj, dict)
        return obj

    def json_error(self, p, code, cls):
        self.assert_exit(p, code)
        obj = self.one_json(p)
        self.assertEqual(list(obj), ["Error"])
        err = obj["Error"]
        self.assertEqual(sorted(err), ["Attempts", "Class", "Code",
                                       "HttpStatus", "Message", "RequestId"])
        self.assertEqual(err["Class"], cls, err)
        self.assertTrue(err["Message"], err)
        return err

    def assert_no_secret(self, p, *secrets):
        for s in secrets:
            self.assertNotIn(s, p.out, "secret on stdout")
            self.assertNotIn(s, p.err, "secret on stderr")

    def assert_nothing_sent(self):
        self.assertEqual(api_requests(), [])

    def write(self, name, content):
        path = os.path.join(self.tmp, name)
        with open(path, "w", newline="") as f:
            f.write(content)
        return path

    def temp_key_env(self):
        """The emulator's temporary key and a webhook token, from env."""
        return {"TENCENTCLOUD_SECRET_ID":
                os.environ["TCSS_EMULATOR_TEMP_SECRET_ID"],
                "TENCENTCLOUD_SECRET_KEY":
                os.environ["TCSS_EMULATOR_TEMP_SECRET_KEY"],
                "TENCENTCLOUD_SESSION_TOKEN":
                os.environ["TCSS_EMULATOR_TEMP_TOKEN"],
                "TCSS_WEBHOOK_TOKEN": WEBHOOK_TOKEN}

    def plugin_env(self, **extra):
        env = {"PLUGIN_NAME": "cli-plugin",
               "PLUGIN_URL": os.environ["TCSS_MOCK_REGISTRY"],
               "PLUGIN_REGISTRY_TYPE": "quay",
               "PLUGIN_USERNAME": os.environ["TCSS_MOCK_REGISTRY_USER"],
               "PLUGIN_PASSWORD": os.environ["TCSS_MOCK_REGISTRY_PASSWORD"],
               "PLUGIN_NET_TYPE": "public",
               "PLUGIN_REGISTRY_VERSION": "V2",
               "PLUGIN_CONN_DETECT": "q1:u1,q2:u2",
               "PLUGIN_SPEED_LIMIT": "7",
               "PLUGIN_INSECURE": "true",
               "PLUGIN_NEED_SCAN": "false",
               "PLUGIN_SYNC_MODE": "incremental",
               "PLUGIN_REGION": "ap-guangzhou"}
        env.update(extra)
        return env



class CliTest(CliCase):
    # -- success ---------------------------------------------------------

    def test_success_text(self):
        p = self.add("cli-text")
        self.assert_exit(p, EXIT_OK)
        lines = p.out.splitlines()
        self.assertEqual(len(lines), 1, p.out)
        reg = stored("cli-text")
        rid = field(reg, "RegistryId") if "RegistryId" in reg else None
        self.assertRegex(lines[0], r"^registry \d+ added \(RequestId \S+\)$")
        if rid is not None:
            self.assertIn("registry %d added" % rid, lines[0])
        self.assertNotIn("warning", p.err)
        self.assertEqual(field(reg, "Url"), os.environ["TCSS_MOCK_REGISTRY"])
        self.assertEqual(field(reg, "Username"),
                         os.environ["TCSS_MOCK_REGISTRY_USER"])
        self.assertEqual(field(reg, "Password"),
                         os.environ["TCSS_MOCK_REGISTRY_PASSWORD"])
        self.assertEqual(field(reg, "RegistryType"), "harbor")
        self.assertEqual(field(reg, "NetType"), "public")  # the default

    def test_success_json(self):
        p = self.add("cli-json", "--output", "json")
        self.assert_exit(p, EXIT_OK)
        obj = self.one_json(p)
        self.assertEqual(list(obj), ["RegistryId", "RequestId",
                                     "HealthCheckErr", "NameRepeatErr",
                                     "AlreadyExisted", "HealthChecked"])
        self.assertIsInstance(obj["RegistryId"], int)
        self.assertGreater(obj["RegistryId"], 0)
        self.assertTrue(obj["RequestId"])
        self.assertEqual(obj["HealthCheckErr"], "")
        self.assertEqual(obj["NameRepeatErr"], "")
        self.assertIs(obj["AlreadyExisted"], False)
        self.assertIs(obj["HealthChecked"], True)
        reqs = api_requests()
        self.assertEqual(len(reqs), 1)
        self.assertEqual(
            {k.lower(): v for k, v in reqs[0]["headers"].items()}
            ["x-tc-action"], "AddAssetImageRegistryRegistryDetail")

    def test_every_field_reaches_the_service(self):
        token_file = self.write("token", WEBHOOK_TOKEN + "\n")
        p = self.add("cli-fields", "--net-type", "public",
                     "--registry-version", "V2", "--registry-region", "ap-x",
                     "--speed-limit", "42", "--insecure",
                     "--conn-detect", "quuid-1:uuid-1",
                     "--conn-detect=quuid-2:uuid-2", "--need-scan",
                     "--sync-mode", "incremental",
                     "--webhook-url", "https://hooks.example.com/x",
                     "--webhook-token-file", token_file,
                     "--instance-id", "tcr-abc123", "--output", "json")
        self.assert_exit(p, EXIT_OK)
        reg = stored("cli-fields")
        self.assertEqual(field(reg, "RegistryVersion"), "V2")
        self.assertEqual(field(reg, "RegistryRegion"), "ap-x")
        self.assertEqual(field(reg, "SpeedLimit"), 42)
        self.assertEqual(field(reg, "Insecure"), 1)
        self.assertEqual(field(reg, "ConnDetectConfig"),
                         [{"Quuid": "quuid-1", "Uuid": "uuid-1"},
                          {"Quuid": "quuid-2", "Uuid": "uuid-2"}])
        self.assertIn(field(reg, "NeedScan"), (True, 1))
        self.assertEqual(field(reg, "SyncMode"), 1)
        self.assertEqual(field(reg, "WebhookUrl"),
                         "https://hooks.example.com/x")
        self.assertEqual(field(reg, "WebhookToken"), WEBHOOK_TOKEN)
        self.assertEqual(field(reg, "InstanceId"), "tcr-abc123")

    def test_false_booleans_and_full_sync(self):
        p = self.add("cli-false", "--insecure=false", "--need-scan=no",
                     "--sync-mode", "full")
        self.assert_exit(p, EXIT_OK)
        reg = stored("cli-false")
        self.assertEqual(field(reg, "Insecure"), 0)
        self.assertIn(field(reg, "NeedScan"), (False, 0))
        self.assertEqual(field(reg, "SyncMode"), 0)

    def test_already_existed_same_id(self):
        first = self.add("cli-repeat", "--output", "json")
        self.assert_exit(first, EXIT_OK)
        second = self.add("cli-repeat", "--output", "json")
        self.assert_exit(second, EXIT_OK)
        a, b = self.one_json(first), self.one_json(second)
        self.assertIs(a["AlreadyExisted"], False)
        self.assertIs(b["AlreadyExisted"], True)
        self.assertEqual(a["RegistryId"], b["RegistryId"])
        self.assertTrue(b["NameRepeatErr"])
        third = self.add("cli-repeat")
        self.assert_exit(third, EXIT_OK)
        self.assertRegex(third.out, r"^registry %d already existed "
                         r"\(RequestId \S+\)\n$" % a["RegistryId"])
        stored("cli-repeat")  # still exactly one

    # -- health check ----------------------------------------------------

    def unreachable_registry(self):
        return "http://127.0.0.1:%d" % closed_port()

    def test_health_check_warning_exit_0(self):
        p = self.add("cli-unhealthy", "--output", "json",
                     url=self.unreachable_registry())
        self.assert_exit(p, EXIT_OK)
        obj = self.one_json(p)
        self.assertTrue(obj["HealthCheckErr"])
        self.assertIn("warning", p.err)
        self.assertIn(obj["HealthCheckErr"], p.err)
        stored("cli-unhealthy")  # added all the same

    def test_health_check_fail_flag_exit_8(self):
        p = self.add("cli-unhealthy-8", "--fail-on-health-check",
                     url=self.unreachable_registry())
        self.assert_exit(p, EXIT_HEALTH)
        self.assertRegex(p.out, r"^registry \d+ added")
        self.assertIn("warning", p.err)
        stored("cli-unhealthy-8")

    def test_healthy_registry_passes_fail_flag(self):
        p = self.add("cli-healthy", "--fail-on-health-check", "--output",
                     "json")
        self.assert_exit(p, EXIT_OK)
        self.assertEqual(self.one_json(p)["HealthCheckErr"], "")
        self.assertNotIn("warning", p.err)

    def test_health_check_flag_on_existing_registry(self):
        # NameRepeat carries no health result: --fail-on-health-check cannot
        # hold, and the output says so instead of going green silently.
        unreachable = self.unreachable_registry()
        first = self.add("cli-repeat-8", "--fail-on-health-check",
                         "--output", "json", url=unreachable)
        self.assert_exit(first, EXIT_HEALTH)
        self.assertIs(self.one_json(first)["HealthChecked"], True)
        again = self.add("cli-repeat-8", "--fail-on-health-check",
                         "--output", "json", url=unreachable)
        self.assert_exit(again, EXIT_OK)
        obj = self.one_json(again)
        self.assertIs(obj["AlreadyExisted"], True)
        self.assertIs(obj["HealthChecked"], False)
        # Said once, by the field: no note of its own on every rerun.
        self.assertEqual(again.err, "")
        for _ in range(2):
            text = self.add("cli-repeat-8", "--fail-on-health-check",
                            url=unreachable)
            self.assert_exit(text, EXIT_OK)
            self.assertRegex(text.out, r"^registry \d+ already existed, "
                             r"not health-checked \(RequestId [^)]+\)\n$")
            self.assertEqual(text.err, "")
        # Without the flag nothing to warn about; the JSON still says it.
        plain = self.add("cli-repeat-8", "--output", "json", url=unreachable)
        self.assert_exit(plain, EXIT_OK)
        self.assertIs(self.one_json(plain)["HealthChecked"], False)
        self.assertNotIn("health", plain.err)

    # -- text from the service -------------------------------------------

    def test_service_error_text_escaped(self):
        # The service's Code and Message reach the output with control
        # characters escaped and no CI command marker at a line's start.
        message = HOSTILE.decode("utf-8", "ignore")
        emulator("/__emulator/faults",
                 {"mode": "error", "count": 2, "action": "AddAssetImageRegistryRegistryDetail",
                  "code": "FailedOperation\n::error::x",
                  "message": message})
        j = self.add("cli-hostile", "--output", "json")
        self.assert_exit(j, EXIT_REJECTED)
        assert_clean_output(self, j.stdout)
        assert_clean_output(self, j.stderr)
        err = self.one_json(j)["Error"]
        # The library cleans service text first (src/libtcss/redact.cpp:
        # \\r, \\n, \\xNN, a defused ##vso[); the CLI's own pass then
        # finds nothing left to escape.
        for part in ("bad\\x1b[31mred\\rover\\n::add-mask::x",
                     "\\x23#vso[task.setvariable", "b\\u0085next"):
            self.assertIn(part, err["Message"])
        self.assertEqual(err["Code"], "FailedOperation\\n::error::x")
        t = self.add("cli-hostile")
        self.assert_exit(t, EXIT_REJECTED)
        assert_clean_output(self, t.stdout)
        assert_clean_output(self, t.stderr)
        self.assertEqual(t.err.count("\n"), 1, t.err)
        self.assertIn("bad\\x1b[31mred", t.err)

    def test_service_result_text_escaped(self):
        # RequestId, HealthCheckErr and NameRepeatErr with control
        # characters and invalid UTF-8: JSON stays valid JSON, text stays
        # on its line.
        body = (b'{"Response":{"RegistryId":7,"RequestId":"rid\x1b]0;x\x07",'
                b'"HealthCheckErr":"  ::add-mask::' + HOSTILE.replace(b"\n", b"\\n")
                .replace(b"\r", b"\\r").replace(b"\x1b", b"\\u001b") +
                b'","NameRepeatErr":"\xff::x"}}')
        fake = FakeService(body)
        self.addCleanup(fake.close)
        for extra in (["--output", "json"], []):
            with self.subTest(extra=extra):
                p = self.add("cli-hostile-ok", "--endpoint", fake.endpoint,
                             *extra)
                self.assert_exit(p, EXIT_OK)
                assert_clean_output(self, p.stdout)
                assert_clean_output(self, p.stderr)
                self.assertIn("bad\\x1b[31m", p.err)
                self.assertIn("  \\x3a:add-mask::bad", p.err)
                if not extra:
                    self.assertIn("\\x1b]0;x\\x07", p.out)
                else:
                    obj = self.one_json(p)
                    self.assertEqual(obj["RequestId"], "rid\\x1b]0;x\\x07")
                    self.assertTrue(obj["HealthCheckErr"].startswith(
                        "  \\x3a:add-mask::bad"), obj["HealthCheckErr"])
                    self.assertTrue(obj["HealthCheckErr"].endswith(
                        "next\ufffd\ufffd\ufffd\ufffd\ufffdend"),
                        obj["HealthCheckErr"])
                    self.assertEqual(obj["NameRepeatErr"], "\ufffd::x")
                    self.assertIs(obj["HealthChecked"], True)

    # -- exit codes ------------------------------------------------------

    def test_exit_3_wrong_key(self):
        p = self.add("cli-auth", "--output", "json",
                     env={"TENCENTCLOUD_SECRET_KEY": "not-the-right-key-0001"})
        err = self.json_error(p, EXIT_AUTH, "auth")
        self.assertTrue(err["Code"].startswith("AuthFailure"), err)
        self.assertTrue(err["RequestId"], err)
        self.assertEqual(err["Attempts"], 1)  # auth errors are not retried
        self.assertEqual(registries(), [])
        self.assert_no_secret(p, "not-the-right-key-0001")
        # Text mode: class, service code, message and RequestId on stderr.
        t = self.add("cli-auth", env={"TENCENTCLOUD_SECRET_KEY": "wrong"})
        self.assert_exit(t, EXIT_AUTH)
        self.assertEqual(t.out, "")
        self.assertIn("auth", t.err)
        self.assertIn("AuthFailure", t.err)
        self.assertIn("RequestId", t.err)

    def test_exit_3_no_credentials(self):
        p = self.add("cli-nocreds", unset=("TENCENTCLOUD_SECRET_ID",
                                           "TENCENTCLOUD_SECRET_KEY"))
        self.assert_exit(p, EXIT_AUTH)
        self.assertEqual(p.out, "")
        self.assertIn("TENCENTCLOUD_SECRET_ID", p.err)
        self.assert_nothing_sent()

    def test_exit_4_rejected(self):
        # Everything the emulator would refuse on its own, the library
        # catches first (exit 2, nothing sent); the emulator's "error" fault
        # plays the service refusing what only it can judge.
        emulator("/__emulator/faults",
                 {"mode": "error", "count": 100, "code": "FailedOperation",
                  "message": "The registry cannot be added.", "action": "AddAssetImageRegistryRegistryDetail"})
        p = self.add("cli-rejected", "--output", "json")
        err = self.json_error(p, EXIT_REJECTED, "service")
        self.assertEqual(err["Code"], "FailedOperation")
        self.assertIn("The registry cannot be added.", err["Message"])
        self.assertTrue(err["RequestId"], err)
        self.assertEqual(err["HttpStatus"], 200)
        self.assertEqual(err["Attempts"], 1)  # never retried
        # One lookup of the name (the live service may refuse a taken name
        # with a FailedOperation); none is listed, so the refusal stands.
        self.assertEqual([r["headers"]["x-tc-action"] for r in api_requests()],
                         ["AddAssetImageRegistryRegistryDetail",
                          "DescribeAssetImageRegistryRegistryList"])
        emulator("/__emulator/reset", {})
        emulator("/__emulator/faults",
                 {"mode": "error", "count": 100,
                  "code": "InvalidParameterValue.RegistryUnreachable",
                  "message": "Refused."})
        t = self.add("cli-rejected")
        self.assert_exit(t, EXIT_REJECTED)
        self.assertEqual(t.out, "")
        for part in ("(service)", "InvalidParameterValue.RegistryUnreachable",
                     "Refused.", "RequestId"):
            self.assertIn(part, t.err)

    def test_exit_5_rate_limited(self):
        emulator("/__emulator/faults", {"mode": "ratelimit", "count": 100})
        # Rate limits are retried past --max-attempts until the deadline:
        # within 2 s the waits (at most 1.5 s) leave room for a second try.
        p = self.add("cli-ratelimit", "--max-attempts", "1", "--timeout", "2",
                     "--output", "json")
        err = self.json_error(p, EXIT_RATE_LIMITED, "rate_limited")
        self.assertEqual(err["Code"], "RequestLimitExceeded")
        self.assertGreaterEqual(err["Attempts"], 2)
        self.assertEqual(len(api_requests()), err["Attempts"])
        t = self.add("cli-ratelimit", "--max-attempts", "1", "--timeout", "1")
        self.assert_exit(t, EXIT_RATE_LIMITED)
        self.assertIn("RequestLimitExceeded", t.err)

    def test_exit_6_network(self):
        p = self.add("cli-network", "--max-attempts", "1", "--output", "json",
                     "--endpoint", "http://127.0.0.1:%d" % closed_port())
        err = self.json_error(p, EXIT_NETWORK, "network")
        self.assertEqual(err["HttpStatus"], 0)
        self.assertEqual(err["RequestId"], "")
        self.assert_nothing_sent()

    def test_exit_6_timeout(self):
        emulator("/__emulator/faults",
                 {"mode": "hang", "count": 100, "hang_seconds": 20})
        p = self.add("cli-timeout", "--max-attempts", "1", "--timeout", "0.5",
                     "--output", "json")
        self.json_error(p, EXIT_NETWORK, "timeout")

    def test_exit_6_untrusted_tls(self):
        # The test CA is not in the system store: without --ca-file the
        # emulator's certificate is refused; with it, the call succeeds.
        tls = os.environ["TCSS_TLS_ENDPOINT"]
        p = self.add("cli-tls", "--max-attempts", "1", "--output", "json",
                     "--endpoint", tls)
        self.json_error(p, EXIT_NETWORK, "tls")
        ok = self.add("cli-tls", "--endpoint", tls, "--ca-file",
                      os.environ["TCSS_TEST_CA"])
        self.assert_exit(ok, EXIT_OK)

    def test_exit_7_bad_response(self):
        emulator("/__emulator/faults", {"mode": "garbage", "count": 100})
        p = self.add("cli-garbage", "--max-attempts", "1", "--output", "json")
        self.json_error(p, EXIT_BAD_RESPONSE, "bad_response")
        t = self.add("cli-garbage", "--max-attempts", "1")
        self.assert_exit(t, EXIT_BAD_RESPONSE)
        self.assertIn("bad_response", t.err)

    def test_exit_7_persistent_5xx(self):
        emulator("/__emulator/faults",
                 {"mode": "5xx", "count": 100, "status": 502, "action": "AddAssetImageRegistryRegistryDetail"})
        p = self.add("cli-502", "--max-attempts", "2", "--output", "json")
        err = self.json_error(p, EXIT_BAD_RESPONSE, "bad_response")
        self.assertEqual(err["HttpStatus"], 502)
        self.assertEqual(err["Attempts"], 2)

    def test_exit_2_endpoint_refused_before_sending(self):
        # Plain http is for loopback only; the library refuses at client
        # creation, so nothing goes out and the exit code is 2.
        p = self.add("cli-endpoint", "--endpoint", "http://tcss.example.com",
                     "--output", "json")
        err = self.json_error(p, EXIT_USAGE, "invalid_argument")
        self.assertIn("endpoint", err["Message"])
        self.assertEqual(err["Attempts"], 0)
        self.assert_nothing_sent()

    # -- secrets ---------------------------------------------------------

    def test_password_from_stdin_strips_one_newline(self):
        p = self.add("cli-pw-stdin", stdin=PASSWORD + "\n\n")
        self.assert_exit(p, EXIT_OK)
        # Exactly one trailing newline is stripped; the rest is the secret.
        self.assertEqual(field(stored("cli-pw-stdin"), "Password"),
                         PASSWORD + "\n")
        p = self.add("cli-pw-stdin-crlf", stdin=PASSWORD + "\r\n")
        self.assert_exit(p, EXIT_OK)
        self.assertEqual(field(stored("cli-pw-stdin-crlf"), "Password"),
                         PASSWORD)

    def test_password_from_file(self):
        path = self.write("pw", PASSWORD + "\n")
        p = self.tcss(*self.registry_args("cli-pw-file", secret=None),
                      "--password-file", path)
        self.assert_exit(p, EXIT_OK)
        self.assertEqual(field(stored("cli-pw-file"), "Password"), PASSWORD)
        missing = self.tcss(*self.registry_args("cli-pw-file2", secret=None),
                            "--password-file", path + ".missing")
        self.assert_exit(missing, EXIT_USAGE)
        self.assertIn("--password-file", missing.err)

    def test_password_from_env(self):
        p = self.tcss(*self.registry_args("cli-pw-env", secret=None),
                      env={"TCSS_REGISTRY_PASSWORD": PASSWORD})
        self.assert_exit(p, EXIT_OK)
        self.assertEqual(field(stored("cli-pw-env"), "Password"), PASSWORD)
        # An explicit source beats the variable.
        p = self.tcss(*self.registry_args("cli-pw-env2"),
                      env={"TCSS_REGISTRY_PASSWORD": "from-env"},
                      stdin=PASSWORD)
        self.assert_exit(p, EXIT_OK)
        self.assertEqual(field(stored("cli-pw-env2"), "Password"), PASSWORD)

    def test_webhook_token_from_env(self):
        p = self.add("cli-token-env", "--webhook-url", "https://h.example.com",
                     env={"TCSS_WEBHOOK_TOKEN": WEBHOOK_TOKEN})
        self.assert_exit(p, EXIT_OK)
        self.assertEqual(field(stored("cli-token-env"), "WebhookToken"),
                         WEBHOOK_TOKEN)

    def test_password_flag_refused(self):
        for form in (["--password", PASSWORD], ["--password=" + PASSWORD]):
            p = self.tcss(*self.registry_args("cli-pw-flag", secret=None),
                          *form)
            self.assert_exit(p, EXIT_USAGE)
            for way in ("--password-stdin", "--password-file",
                        "TCSS_REGISTRY_PASSWORD"):
                self.assertIn(way, p.err)
            self.assert_no_secret(p, PASSWORD)
        j = self.tcss(*self.registry_args("cli-pw-flag", secret=None),
                      "--output", "json", "--webhook-token", WEBHOOK_TOKEN)
        err = self.json_error(j, EXIT_USAGE, "invalid_argument")
        self.assertIn("--webhook-token-file", err["Message"])
        self.assert_no_secret(j, WEBHOOK_TOKEN)
        self.assert_nothing_sent()

    def test_dry_run_sends_nothing_and_masks_secrets(self):
        env = self.temp_key_env()
        p = self.add("cli-dry", "--dry-run", "--verbose",
                     "--webhook-url", "https://h.example.com",
                     env=env, stdin=PASSWORD)
        self.assert_exit(p, EXIT_OK)
        self.assertIn("AddAssetImageRegistryRegistryDetail", p.out)
        self.assertIn("cli-dry", p.out)
        self.assertIn("********", p.out)
        self.assert_no_secret(p, PASSWORD, WEBHOOK_TOKEN, TEMP_KEY,
                              TEMP_TOKEN)
        j = self.add("cli-dry", "--dry-run", "--output", "json", env=env,
                     stdin=PASSWORD)
        self.assert_exit(j, EXIT_OK)
        self.assertIn("AddAssetImageRegistryRegistryDetail",
                      self.one_json(j)["Request"])
        self.assert_no_secret(j, PASSWORD, WEBHOOK_TOKEN, TEMP_KEY,
                              TEMP_TOKEN)
        self.assert_nothing_sent()
        self.assertEqual(registries(), [])

    def test_verbose_shows_no_secret(self):
        env = self.temp_key_env()
        p = self.add("cli-verbose", "--verbose", "--webhook-url",
                     "https://h.example.com", env=env, stdin=PASSWORD)
        self.assert_exit(p, EXIT_OK)
        self.assertIn("[debug]", p.err)  # the trace is there ...
        self.assertIn("AddAssetImageRegistryRegistryDetail", p.err)
        # ... without the password, token, key, or the request's signature.
        reqs = api_requests()
        self.assertEqual(len(reqs), 1)
        auth = {k.lower(): v for k, v in reqs[0]["headers"].items()}[
            "authorization"]
        signature = auth.rsplit("Signature=", 1)[1].strip()
        self.assertEqual(len(signature), 64)
        self.assert_no_secret(p, PASSWORD, WEBHOOK_TOKEN, TEMP_KEY,
                              TEMP_TOKEN, signature)
        self.assertEqual(field(stored("cli-verbose"), "Password"), PASSWORD)

    # -- Woodpecker / Drone plugin mode -----------------------------------

    def test_plugin_mode_no_arguments(self):
        p = self.tcss(env=self.plugin_env(PLUGIN_OUTPUT="json"))
        self.assert_exit(p, EXIT_OK)
        self.assertIs(self.one_json(p)["AlreadyExisted"], False)
        reg = stored("cli-plugin")
        self.assertEqual(field(reg, "RegistryType"), "quay")
        self.assertEqual(field(reg, "Password"),
                         os.environ["TCSS_MOCK_REGISTRY_PASSWORD"])
        self.assertEqual(field(reg, "RegistryVersion"), "V2")
        self.assertEqual(field(reg, "SpeedLimit"), 7)
        self.assertEqual(field(reg, "Insecure"), 1)
        self.assertIn(field(reg, "NeedScan"), (False, 0))
        self.assertEqual(field(reg, "SyncMode"), 1)
        self.assertEqual(field(reg, "ConnDetectConfig"),
                         [{"Quuid": "q1", "Uuid": "u1"},
                          {"Quuid": "q2", "Uuid": "u2"}])
        headers = {k.lower(): v for k, v in
                   api_requests()[0]["headers"].items()}
        self.assertEqual(headers.get("x-tc-region"), "ap-guangzhou")

    def test_plugin_mode_flags_win(self):
        p = self.tcss("add-registry", "--name", "cli-plugin-flag",
                      "--registry-type", "harbor", env=self.plugin_env())
        self.assert_exit(p, EXIT_OK)
        reg = stored("cli-plugin-flag")
        self.assertEqual(field(reg, "RegistryType"), "harbor")
        self.assertEqual(field(reg, "Url"), os.environ["TCSS_MOCK_REGISTRY"])
        self.assertEqual([r for r in registries()
                          if field(r, "Name") == "cli-plugin"], [])

    def test_plugin_mode_secret_pair(self):
        env = self.plugin_env(
            PLUGIN_SECRET_ID=os.environ["TENCENTCLOUD_SECRET_ID"],
            PLUGIN_SECRET_KEY=os.environ["TENCENTCLOUD_SECRET_KEY"])
        p = self.tcss(env=env, unset=("TENCENTCLOUD_SECRET_ID",
                                      "TENCENTCLOUD_SECRET_KEY"))
        self.assert_exit(p, EXIT_OK)
        stored("cli-plugin")
        # The plugin's pair is the one used, over the environment's.
        bad = self.tcss(env=self.plugin_env(
            PLUGIN_NAME="cli-plugin-bad",
            PLUGIN_SECRET_ID=os.environ["TENCENTCLOUD_SECRET_ID"],
            PLUGIN_SECRET_KEY="CLI-WRONG-PLUGIN-KEY"))
        self.assert_exit(bad, EXIT_AUTH)
        self.assert_no_secret(bad, "CLI-WRONG-PLUGIN-KEY")

    def test_plugin_mode_conn_detect_as_json(self):
        # Woodpecker passes a list of maps (and may pass any list) as JSON.
        p = self.tcss(env=self.plugin_env(PLUGIN_CONN_DETECT=json.dumps(
            [{"quuid": "q1", "uuid": "u1"}, {"uuid": "u2"}, "q3:u3"])))
        self.assert_exit(p, EXIT_OK)
        self.assertEqual(field(stored("cli-plugin"), "ConnDetectConfig"),
                         [{"Quuid": "q1", "Uuid": "u1"}, {"Uuid": "u2"},
                          {"Quuid": "q3", "Uuid": "u3"}])
        bad = self.tcss(env=self.plugin_env(PLUGIN_NAME="cli-plugin-2",
                                            PLUGIN_CONN_DETECT="[1, 2]"))
        self.assert_exit(bad, EXIT_USAGE)
        self.assertIn("PLUGIN_CONN_DETECT", bad.err)
        # An explicit flag replaces the whole plugin list.
        p = self.tcss("--conn-detect", "qf:uf", env=self.plugin_env(
            PLUGIN_NAME="cli-plugin-3"))
        self.assert_exit(p, EXIT_OK)
        self.assertEqual(field(stored("cli-plugin-3"), "ConnDetectConfig"),
                         [{"Quuid": "qf", "Uuid": "uf"}])

    def test_plugin_mode_bad_setting_named(self):
        p = self.tcss(env=self.plugin_env(PLUGIN_SPEED_LIMIT="fast",
                                          PLUGIN_OUTPUT="json"))
        err = self.json_error(p, EXIT_USAGE, "invalid_argument")
        self.assertIn("PLUGIN_SPEED_LIMIT", err["Message"])
        self.assert_nothing_sent()

    # -- usage errors ----------------------------------------------------

    def test_usage_errors_name_the_flag(self):
        cases = [
            (["--speed-limit", "fast"], "--speed-limit"),
            (["--speed-limit", "-1"], "--speed-limit"),
            (["--timeout", "soon"], "--timeout"),
            (["--timeout", "0"], "--timeout"),
            (["--max-attempts", "0"], "--max-attempts"),
            (["--max-attempts", "3x"], "--max-attempts"),
            (["--sync-mode", "sometimes"], "--sync-mode"),
            (["--registry-type", "dockerhub"], "--registry-type"),
            (["--net-type", "private"], "--net-type"),
            (["--insecure=maybe"], "--insecure"),
            (["--need-scan=2"], "--need-scan"),
            (["--conn-detect", "no-colon"], "--conn-detect"),
            (["--conn-detect", ":"], "--conn-detect"),
            (["--output", "yaml"], "--output"),
            (["--bogus"], "--bogus"),
            (["--name"], "--name"),
        ]
        for extra, flag in cases:
            with self.subTest(extra=extra):
                p = self.add("cli-usage", *extra)
                self.assert_exit(p, EXIT_USAGE)
                self.assertEqual(p.out, "")
                self.assertIn(flag, p.err)
        j = self.add("cli-usage", "--speed-limit", "fast", "--output", "json")
        err = self.json_error(j, EXIT_USAGE, "invalid_argument")
        self.assertIn("--speed-limit", err["Message"])
        # --output json counts even when it comes after the bad flag.
        j = self.add("cli-usage", "--bogus", "--output=json")
        self.json_error(j, EXIT_USAGE, "invalid_argument")
        self.assert_nothing_sent()

    def test_library_validation_names_the_field(self):
        # A missing input is the CLI's to name (test_manners.py); the rules
        # only the library knows name the API field.
        p = self.add("n" * 257, "--output", "json")
        err = self.json_error(p, EXIT_USAGE, "invalid_argument")
        self.assertIn("Name", err["Message"])
        p = self.add("cli-bad-url", url="ftp://nope")
        self.assert_exit(p, EXIT_USAGE)
        self.assertIn("Url", p.err)
        self.assert_nothing_sent()

    def test_no_command(self):
        p = self.tcss()
        self.assert_exit(p, EXIT_USAGE)
        self.assertIn("add-registry", p.err)
        p = self.tcss("delete-registry")
        self.assert_exit(p, EXIT_USAGE)
        self.assertIn("unknown command 'delete-registry'", p.err)
        p = self.tcss("add-registry", "extra-argument")
        self.assert_exit(p, EXIT_USAGE)

    def test_stray_secret_not_echoed(self):
        # A password typed where it does not belong is refused, not shown.
        for args in (["--password-stdin", PASSWORD],
                     ["--password-stdin=" + PASSWORD],
                     ["--need-scan", PASSWORD]):
            with self.subTest(args=args):
                p = self.tcss(*self.registry_args("cli-stray"), *args,
                              stdin="pw")
                self.assert_exit(p, EXIT_USAGE)
                self.assertTrue(p.err)
                self.assert_no_secret(p, PASSWORD)
        p = self.tcss(PASSWORD, "add-registry")
        self.assert_exit(p, EXIT_USAGE)
        self.assertIn("unknown command", p.err)
        self.assert_no_secret(p, PASSWORD)
        self.assert_nothing_sent()

    def test_word_before_command_not_echoed(self):
        # A word between a global flag and the command is often a secret
        # typed after a flag that takes no value: never shown, whatever its
        # shape, in text or JSON.
        for word in ("hunter", "hunter2", "correct-horse"):
            for flags in (["--password-stdin"], ["--verbose"],
                          ["--output", "json", "--dry-run"]):
                with self.subTest(word=word, flags=flags):
                    p = self.tcss(*flags, word, *self.registry_args(
                        "cli-stray-word"), stdin="pw")
                    self.assert_exit(p, EXIT_USAGE)
                    self.assertIn("unknown command", p.out + p.err)
                    self.assert_no_secret(p, word)
        self.assert_nothing_sent()

    def test_help_and_version(self):
        p = self.tcss("--help")
        self.assert_exit(p, EXIT_OK)
        self.assertIn("add-registry", p.out)
        for args in (["add-registry", "--help"], ["help", "add-registry"]):
            p = self.tcss(*args)
            self.assert_exit(p, EXIT_OK)
            for flag in ("--name", "--password-stdin", "--conn-detect",
                         "--fail-on-health-check"):
                self.assertIn(flag, p.out)
        p = self.tcss("--version")
        self.assert_exit(p, EXIT_OK)
        self.assertRegex(p.out, r"^tcss \d+\.\d+\.\d+ \(libtcss \d+\.\d+\.\d+")
        p = self.tcss("--version", "--output", "json")
        self.assert_exit(p, EXIT_OK)
        v = self.one_json(p)
        self.assertRegex(v["LibraryVersion"], r"^\d+\.\d+\.\d+$")
        self.assert_nothing_sent()

    def test_core_dumps_off(self):
        # Read /proc while the command waits on --password-stdin: no core
        # file size, and not dumpable (its /proc files then belong to root,
        # so the command runs as another user when the test is root).
        run_as = 65534 if os.geteuid() == 0 else None
        env = self.base_env()
        cli = CLI
        if run_as is not None:
            # The checkout may sit in a folder only root can enter (a
            # mktemp -d clone): run a copy, with its library, from one that
            # the other user can.
            stage = tempfile.mkdtemp(dir="/tmp")
            self.addCleanup(shutil.rmtree, stage, True)
            os.chmod(stage, 0o755)
            lib = os.path.join(os.path.dirname(os.path.realpath(CLI)), "..",
                               "lib", "libtcss.so.1")
            cli = shutil.copy2(CLI, os.path.join(stage, "tcss"))
            shutil.copy2(lib, os.path.join(stage, "libtcss.so.1"))
            env["LD_LIBRARY_PATH"] = stage
        proc = subprocess.Popen(
            [cli] + self.registry_args("cli-core"), env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, user=run_as)
        try:
            # Wait until the command itself runs (before exec the child is
            # still the test's fork, owned by root) and has made both calls:
            # it sets the limit first, then the dumpable flag, so reading
            # between the two would race.
            cli = os.path.realpath(cli)
            limits, owner, exe = "", None, ""
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    exe = os.readlink("/proc/%d/exe" % proc.pid)
                except OSError:
                    exe = ""
                with open("/proc/%d/limits" % proc.pid) as f:
                    limits = f.read()
                core = [l for l in limits.splitlines()
                        if l.startswith("Max core file size")]
                owner = os.stat("/proc/%d/status" % proc.pid).st_uid
                if (exe == cli and core and core[0].split()[4:6] == ["0", "0"]
                        and owner == 0):
                    break
                time.sleep(0.01)
            self.assertEqual(exe, cli, "the command never started")
            self.assertEqual(core[0].split()[4:6], ["0", "0"], limits)
            self.assertEqual(owner, 0, "dumpable: /proc files owned by %d"
                             % owner)
            self.assertNotEqual(run_as if run_as is not None else os.getuid(),
                                0)
        finally:
            proc.communicate(b"pw", timeout=SAFETY_TIMEOUT)

    def header_macros(self):
        """The public header's #define NAME value lines, as strings."""
        here = os.path.dirname(os.path.abspath(__file__))
        path = os.path.join(here, "..", "..", "include", "tcss", "tcss.h")
        macros = {}
        with open(path) as f:
            for line in f:
                m = re.match(r"#define (TCSS_[A-Z_]+) +(\S.*?)\s*(/\*.*)?$",
                             line)
                if m:
                    macros[m.group(1)] = m.group(2).strip('"')
        return macros

    def test_help_reads_the_header(self):
        # Values, defaults and limits in --help come from the public header,
        # so help and parsing cannot drift.
        h = self.header_macros()
        general = self.tcss("--help")
        command = self.tcss("add-registry", "--help")
        self.assert_exit(general, EXIT_OK)
        self.assert_exit(command, EXIT_OK)
        flat = " ".join((general.out + command.out).split())
        types = ", ".join(h["TCSS_REGISTRY_TYPES"].split(","))
        self.assertIn("(one of: %s)" % types, flat)
        self.assertIn("else %s)" % h["TCSS_DEFAULT_ENDPOINT"], flat)
        self.assertIn("(default: %d)" % (int(h["TCSS_DEFAULT_TIMEOUT_MS"])
                                         // 1000), flat)
        self.assertIn("(1..%s) (default: %s)" % (
            h["TCSS_MAX_ATTEMPTS_LIMIT"], h["TCSS_DEFAULT_MAX_ATTEMPTS"]),
            flat)
        # Every type the header lists is accepted; the limit is the limit.
        for t in h["TCSS_REGISTRY_TYPES"].split(","):
            p = self.add("cli-type-" + t, "--registry-type", t, "--dry-run")
            self.assert_exit(p, EXIT_OK)
        limit = int(h["TCSS_MAX_ATTEMPTS_LIMIT"])
        self.assert_exit(self.add("cli-lim", "--max-attempts", str(limit),
                                  "--dry-run"), EXIT_OK)
        over = self.add("cli-lim", "--max-attempts", str(limit + 1))
        self.assert_exit(over, EXIT_USAGE)
        self.assertIn("from 1 to %d" % limit, over.err)
        self.assert_nothing_sent()

    def test_help_lists_every_flag_the_parser_takes(self):
        # The flags in --help, in src/cli/README.md's tables and those the
        # parser accepts are one set.
        shown = set()
        commands = ("add-registry", "ensure-registry", "list-registries",
                    "show-registry", "remove-registry", "sync", "scan")
        for args in [["--help"]] + [[c, "--help"] for c in commands]:
            p = self.tcss(*args)
            shown |= set(re.findall(r"^  (--[a-z-]+)", p.out, re.M))
        here = os.path.dirname(os.path.abspath(__file__))
        with open(os.path.join(here, "..", "..", "src", "cli",
                               "README.md")) as f:
            readme = f.read()
        documented = set(re.findall(r"^\| `(--[a-z-]+)", readme, re.M))
        self.assertEqual(shown, documented)
        for flag in sorted(shown):
            with self.subTest(flag=flag):
                p = self.tcss(flag + "=x", "add-registry")
                self.assertNotIn("unknown option", p.err)
        p = self.tcss("--no-such-flag=x", "add-registry")
        self.assertIn("unknown option", p.err)

    def test_plugin_settings_named_by_source(self):
        # Messages name where a bad value came from: the flag, or the
        # PLUGIN_* setting that stood for it.
        cases = [
            ({"PLUGIN_PASSWORD_FILE": os.path.join(self.tmp, "missing")},
             "PLUGIN_PASSWORD_FILE"),
            ({"PLUGIN_CONN_DETECT": "no-colon"}, "PLUGIN_CONN_DETECT"),
            ({"PLUGIN_REGISTRY_TYPE": "dockerhub"}, "PLUGIN_REGISTRY_TYPE"),
            ({"PLUGIN_TIMEOUT": "soon"}, "PLUGIN_TIMEOUT"),
            ({"PLUGIN_INSECURE": "maybe"}, "PLUGIN_INSECURE"),
        ]
        for extra, name in cases:
            with self.subTest(name=name):
                env = self.plugin_env(**extra)
                if "PLUGIN_PASSWORD_FILE" in extra:
                    del env["PLUGIN_PASSWORD"]
                p = self.tcss(env=env)
                self.assert_exit(p, EXIT_USAGE)
                self.assertTrue(p.err.startswith(
                    "tcss: usage error: %s: " % name), p.err)
        p = self.tcss("--timeout", "soon", env=self.plugin_env())
        self.assert_exit(p, EXIT_USAGE)
        self.assertIn("--timeout:", p.err)
        self.assert_nothing_sent()

    def test_profile_credentials(self):
        os.mkdir(os.path.join(self.home, ".tencentcloud"))
        with open(os.path.join(self.home, ".tencentcloud", "credentials"),
                  "w") as f:
            f.write("[ci]\nsecret_id = %s\nsecret_key = %s\n" % (
                os.environ["TENCENTCLOUD_SECRET_ID"],
                os.environ["TENCENTCLOUD_SECRET_KEY"]))
        unset = ("TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY")
        p = self.add("cli-profile", "--profile", "ci", unset=unset)
        self.assert_exit(p, EXIT_OK)
        stored("cli-profile")
        p = self.add("cli-profile2", "--profile", "nope", unset=unset)
        self.assert_exit(p, EXIT_AUTH)


if __name__ == "__main__":
    unittest.main(verbosity=2)
