"""`tcss --output env` (issue 13): dotenv lines for CI systems that read a
dotenv report (GitLab's artifacts:reports:dotenv).

Each test method is one CTest test (`cli.env.<name without test_>`), run
under tests/harness/with-emulator. The helpers are test_cli.py's.

What the format promises: on stdout only TCSS_KEY=value lines, one per
field, values never quoted and every byte outside [A-Za-z0-9._:/@,+=-]
percent-encoded, so GitLab (which keeps quotes and reads to the end of the
line), `docker --env-file` and a POSIX shell sourcing the file all read the
same (encoded) value, and nothing a service sends can add a line, a variable or run a
command. Messages go to stderr as in text format.
"""

import os
import re
import subprocess
import sys
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import (CliCase, FakeService, HOSTILE, PASSWORD,  # noqa: E402
                      DEFAULT_KEY, EXIT_OK, EXIT_REJECTED, EXIT_USAGE,
                      emulator)

LINE = re.compile(r"^TCSS_[A-Z0-9_]+=[A-Za-z0-9._:/@,+=%-]*$")


SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:/@,+=-")


def encode(value):
    """The format's encoding: bytes outside SAFE as %XX, upper-case hex."""
    return "".join(chr(c) if c in SAFE else "%%%02X" % c for c in value)


def parse_env(test, out):
    """stdout as {KEY: decoded value}, after checking every line's form."""
    env = {}
    for line in out.splitlines():
        test.assertRegex(line, LINE)
        key, value = line.split("=", 1)
        test.assertNotIn(key, env, "duplicate %s" % key)
        env[key] = urllib.parse.unquote_to_bytes(value)
    return env


def sourced(test, out, keys):
    """The values a POSIX shell sees after `set -a; . file` (bytes)."""
    script = "set -a; . /dev/stdin; " + "; ".join(
        "printf '%%s\\0' \"$%s\"" % k for k in keys)
    p = subprocess.run(["sh", "-c", script], input=out.encode(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=60, cwd=test.tmp)
    test.assertEqual(p.returncode, 0, p.stderr)
    return dict(zip(keys, p.stdout.split(b"\0")[:-1]))


class EnvOutputTest(CliCase):

    def test_success(self):
        p = self.add("env-ok", "--output", "env")
        self.assert_exit(p, EXIT_OK)
        env = parse_env(self, p.out)
        self.assertEqual(sorted(env), sorted(
            ["TCSS_REGISTRY_ID", "TCSS_REQUEST_ID", "TCSS_ALREADY_EXISTED",
             "TCSS_HEALTH_CHECKED", "TCSS_HEALTH_CHECK_ERR",
             "TCSS_NAME_REPEAT_ERR"]))
        stored = emulator("/__emulator/state")["registries"]
        self.assertEqual(env["TCSS_REGISTRY_ID"],
                         str(stored[0].get("RegistryId", stored[0].get("Id", 1))).encode())
        self.assertEqual(env["TCSS_ALREADY_EXISTED"], b"false")
        self.assertEqual(env["TCSS_HEALTH_CHECKED"], b"true")
        self.assertEqual(env["TCSS_HEALTH_CHECK_ERR"], b"")
        self.assertTrue(env["TCSS_REQUEST_ID"])
        self.assertNotIn(PASSWORD, p.out + p.err)
        self.assertNotIn(os.environ["TCSS_MOCK_REGISTRY_PASSWORD"], p.out + p.err)
        # The same name again: the same id, AlreadyExisted.
        p2 = self.add("env-ok", "--output=env")
        self.assert_exit(p2, EXIT_OK)
        env2 = parse_env(self, p2.out)
        self.assertEqual(env2["TCSS_REGISTRY_ID"], env["TCSS_REGISTRY_ID"])
        self.assertEqual(env2["TCSS_ALREADY_EXISTED"], b"true")

    def test_hostile_values_encoded(self):
        # Quotes, $(...), backticks, a newline that would start a new
        # variable, control characters, invalid UTF-8 and a '%': decoded,
        # the value is exactly what the service sent; sourced by sh, the
        # same; nothing ran and no extra variable appeared.
        health = (b'x" \' $(touch pwned) `touch pwned2` ~ 100% \\n'
                  b'\nEVIL=1\r' + HOSTILE)
        esc = (health.replace(b"\\", b"\\\\").replace(b'"', b'\\"')
               .replace(b"\n", b"\\n").replace(b"\r", b"\\r")
               .replace(b"\x1b", b"\\u001b"))
        body = (b'{"Response":{"RegistryId":7,"RequestId":"rid-1",'
                b'"HealthCheckErr":"' + esc + b'","NameRepeatErr":""}}')
        fake = FakeService(body)
        self.addCleanup(fake.close)
        p = self.add("env-hostile", "--endpoint", fake.endpoint,
                     "--output", "env")
        self.assert_exit(p, EXIT_OK)
        self.assertEqual(len(p.out.splitlines()), 6, p.out)
        env = parse_env(self, p.out)
        self.assertEqual(env["TCSS_REGISTRY_ID"], b"7")
        self.assertEqual(env["TCSS_REQUEST_ID"], b"rid-1")
        got = env["TCSS_HEALTH_CHECK_ERR"]
        # The library may escape control characters itself (issue 10); what
        # reaches the output is its text, and the encoding is canonical and
        # lossless: re-encoding the decoded value gives the line back.
        raw = dict(line.split("=", 1) for line in p.out.splitlines())
        self.assertEqual(encode(got), raw["TCSS_HEALTH_CHECK_ERR"])
        self.assertTrue(got.startswith(health[:health.index(b"\\n")]), got)
        self.assertIn(b"EVIL=1", got)
        self.assertNotIn("EVIL", "".join(k for k in env))
        # A shell sourcing the file reads the line's value as written (the
        # encoded text, as GitLab does), ran nothing and set no EVIL.
        sh = sourced(self, p.out + "printf x >&2\n",
                     ["TCSS_HEALTH_CHECK_ERR", "TCSS_REGISTRY_ID", "EVIL"])
        self.assertEqual(sh["TCSS_HEALTH_CHECK_ERR"],
                         raw["TCSS_HEALTH_CHECK_ERR"].encode())
        self.assertEqual(urllib.parse.unquote_to_bytes(
            sh["TCSS_HEALTH_CHECK_ERR"].decode()), got)
        self.assertEqual(sh["EVIL"], b"")
        self.assertEqual(sh["TCSS_REGISTRY_ID"], b"7")
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "pwned")))
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "pwned2")))
        # The human warning is on stderr, escaped as in text format.
        self.assertIn("could not reach it", p.err)

    def test_error_message_on_stderr(self):
        # The point of the format for GitLab: the job captures stdout into
        # the report and the message still reaches the log.
        emulator("/__emulator/faults", {
            "mode": "error", "count": 5, "code": "InvalidParameterValue.Url",
            "message": "the registry url is not reachable"})
        p = self.add("env-refused", "--output", "env", "--max-attempts", "1")
        self.assert_exit(p, EXIT_REJECTED)
        self.assertRegex(p.err, r"tcss: error \(service\): .*"
                         r"InvalidParameterValue\.Url.*not reachable")
        env = parse_env(self, p.out)
        self.assertEqual(env["TCSS_ERROR_CLASS"], b"service")
        self.assertEqual(env["TCSS_ERROR_CODE"], b"InvalidParameterValue.Url")
        self.assertEqual(env["TCSS_ATTEMPTS"], b"1")
        self.assertNotIn("TCSS_REGISTRY_ID", env)

    def test_usage_error_and_version(self):
        p = self.tcss("add-registry", "--output", "env", "--bogus")
        self.assert_exit(p, EXIT_USAGE)
        self.assertIn("tcss: usage error:", p.err)
        self.assertEqual(parse_env(self, p.out),
                         {"TCSS_ERROR_CLASS": b"invalid_argument"})
        p = self.tcss("--output", "env", "--version")
        self.assert_exit(p, EXIT_OK)
        env = parse_env(self, p.out)
        self.assertIn("TCSS_VERSION", env)
        self.assertIn("TCSS_LIBRARY_VERSION", env)
        # Not a format: refused, naming the choices.
        p = self.tcss("add-registry", "--output", "yaml")
        self.assert_exit(p, EXIT_USAGE)
        self.assertIn("env", p.err)

    def test_no_secret_in_env_output(self):
        # A service error that echoes the SecretKey and the registry
        # password: masked by the library before the encoding, so neither
        # the plain nor the encoded form is in the output.
        pw = os.environ["TCSS_MOCK_REGISTRY_PASSWORD"]
        emulator("/__emulator/faults", {
            "mode": "error", "count": 5, "code": "InvalidParameterValue.Url",
            "message": "login %s key %s" % (pw, DEFAULT_KEY)})
        p = self.add("env-echo", "--output", "env", "--max-attempts", "1")
        self.assert_exit(p, EXIT_REJECTED)
        for secret in (pw, DEFAULT_KEY):
            for form in (secret, urllib.parse.quote(secret, safe="")):
                self.assertNotIn(form, p.out + p.err)


if __name__ == "__main__":
    unittest.main()
