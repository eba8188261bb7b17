"""What the binding refuses itself, before the library is called (issue 21
item 5, issue 19's Python items):

- a string with an embedded NUL: ctypes would cut it there, so
  name="prod\\0-other" would register "prod" and a password would be sent
  cut short; it is refused as tcss.InvalidArgumentError naming the field and
  never quoting the value (a secret, often);
- a value of the wrong type (insecure="yes", speed_limit="10", a number as a
  name, a float timeout): tcss.InvalidArgumentError, which is also a
  ValueError, never a silent conversion.

Each refusal is checked to have sent nothing (the emulator's request count).
"""
import json
import os
import pathlib
import unittest
import urllib.request

import tcss

EMULATOR = os.environ["TCSS_EMULATOR"]
REGISTRY = os.environ["TCSS_MOCK_REGISTRY"]
USER = os.environ["TCSS_MOCK_REGISTRY_USER"]
PASSWORD = os.environ["TCSS_MOCK_REGISTRY_PASSWORD"]
SECRET_KEY = os.environ["TENCENTCLOUD_SECRET_KEY"]
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def emulator(path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(EMULATOR + path, data=data, method="GET" if body is None else "POST",
                                 headers={"Content-Type": "application/json"})
    with _opener.open(req, timeout=10) as resp:
        return json.loads(resp.read() or b"null")


def fields(**extra):
    out = dict(name="py-checks", url=REGISTRY, registry_type="harbor", username=USER,
               password=PASSWORD)
    out.update(extra)
    return out


class InputChecksTest(unittest.TestCase):
    def setUp(self):
        emulator("/__emulator/reset", {})
        self.client = tcss.Client(max_attempts=1)
        self.addCleanup(self.client.close)

    def refused(self, field, call, secret=None):
        """call() raises InvalidArgumentError naming field, sends nothing, and
        (when given) the secret is nowhere in the error."""
        before = emulator("/__emulator/state")["stats"]["requests"]
        with self.assertRaises(tcss.InvalidArgumentError) as cm:
            call()
        e = cm.exception
        self.assertIsInstance(e, ValueError)
        self.assertIsInstance(e, tcss.Error)
        self.assertEqual(e.error_class, "invalid_argument")
        self.assertEqual(e.code, -1)
        self.assertTrue(e.message.startswith(field + ": "), e.message)
        if secret is not None:
            for part in {secret, secret.split("\0")[0], secret.split("\0")[-1]}:
                self.assertNotIn(part, str(e))
                self.assertNotIn(part, repr(e.args))
        self.assertEqual(emulator("/__emulator/state")["stats"]["requests"], before)
        self.assertEqual(emulator("/__emulator/state")["registries"], [])
        return e

    # -- NUL ----------------------------------------------------------------

    def test_a_nul_in_any_registry_field_is_refused_by_name(self):
        for field in ("name", "url", "registry_type", "username", "net_type", "registry_version",
                      "registry_region", "webhook_url", "instance_id"):
            with self.subTest(field=field):
                e = self.refused(field, lambda: self.client.add_registry(
                    **fields(**{field: "prod\0-other"})))
                self.assertIn("NUL", e.message)

    def test_a_nul_in_a_secret_is_refused_without_quoting_it(self):
        for field in ("password", "webhook_token"):
            for value in ("abc\0secret-after-the-nul", b"abc\0secret-after-the-nul"):
                with self.subTest(field=field, value=type(value).__name__):
                    secret = value if isinstance(value, str) else value.decode()
                    self.refused(field, lambda: self.client.add_registry(**fields(**{field: value})),
                                 secret=secret)

    def test_a_nul_in_the_name_would_have_registered_a_prefix(self):
        # What the check prevents: the name before the NUL is a valid name
        # on its own, and the emulator stores nothing at all.
        self.refused("name", lambda: self.client.add_registry(**fields(name="prod\0-other")))
        self.assertEqual(self.client.add_registry(**fields(name="prod")).registry_id, 1)
        self.assertEqual([r["Name"] for r in emulator("/__emulator/state")["registries"]], ["prod"])

    def test_a_nul_in_a_conn_detect_item(self):
        self.refused("conn_detect[1].uuid", lambda: self.client.add_registry(
            **fields(conn_detect=[("q-1", "u-1"), ("q-2", "u\0-2")])))

    def test_a_nul_in_a_client_option_is_refused(self):
        secret = SECRET_KEY + "\0tail-of-the-key"
        for field, value, is_secret in (("secret_key", secret, True),
                                        ("secret_id", "AKID\0x", False),
                                        ("session_token", "session-SECRET-part\0second-SECRET-part", True),
                                        ("web_identity_token", "eyJhbGciOiJSUzI1NiJ9\0payload-SECRET", True),
                                        ("endpoint", EMULATOR + "\0.evil", False),
                                        ("region", "ap-singapore\0", False),
                                        ("ca_file", "/etc/ssl\0/x.pem", False)):
            with self.subTest(field=field):
                kwargs = {field: value}
                if field == "secret_key":
                    kwargs["secret_id"] = "AKIDLIBTCSSEMULATOR0001"
                if field == "web_identity_token":
                    kwargs["role_arn"] = "qcs::cam::uin/1:roleName/r"
                self.refused(field, lambda: tcss.Client(**kwargs),
                             secret=value if is_secret else None)

    def test_the_preview_refuses_a_nul_too(self):
        self.refused("password", lambda: self.client.add_registry_preview(
            **fields(password="pw\0rest-of-the-secret")), secret="pw\0rest-of-the-secret")

    # -- wrong types --------------------------------------------------------

    def test_wrongly_typed_registry_fields(self):
        for field, value in (("insecure", "yes"), ("insecure", 2), ("insecure", 1.0),
                             ("need_scan", "false"), ("speed_limit", "10"),
                             ("speed_limit", 10.5), ("speed_limit", True),
                             ("speed_limit", 1 << 63), ("sync_mode", "sometimes"),
                             ("sync_mode", ["full"]), ("name", 12345), ("url", 3.14),
                             ("username", ["robot"]), ("conn_detect", "q-1:u-1"),
                             ("conn_detect", [("only-one",)])):
            with self.subTest(field=field, value=value):
                e = self.refused(field if field != "conn_detect" or isinstance(value, str)
                                 else "conn_detect[0]",
                                 lambda: self.client.add_registry(**fields(**{field: value})))
                self.assertRegex(e.message, r"must ")

    def test_a_wrongly_typed_password_is_refused_without_quoting_it(self):
        e = self.refused("password", lambda: self.client.add_registry(
            **fields(password=["a-secret-in-a-list"])), secret="a-secret-in-a-list")
        self.assertIn("list", e.message)

    def test_wrongly_typed_client_options(self):
        for field, value in (("timeout_ms", "1000"), ("timeout_ms", 1.5),
                             ("connect_timeout_ms", 1 << 64), ("max_attempts", -1),
                             ("max_attempts", "3"), ("requests_per_second", 2.5),
                             ("session_duration", "3600"), ("log_level", "debug"),
                             ("region", 42), ("profile", object())):
            with self.subTest(field=field, value=value):
                kwargs = {field: value}
                if field == "log_level":
                    kwargs["log"] = lambda level, line: None
                self.refused(field, lambda: tcss.Client(**kwargs))

    def test_right_types_still_pass(self):
        # bytes for strings, a path object for a file, 0/1 for a flag.
        r = self.client.add_registry(**fields(name=b"py-bytes", password=PASSWORD.encode(),
                                              insecure=0, need_scan=True, speed_limit=0,
                                              sync_mode="incremental",
                                              conn_detect=[["q", "u"], {"quuid": "q2"}]))
        self.assertEqual(r.registry_id, 1)
        stored = emulator("/__emulator/state")["registries"][0]
        self.assertEqual(stored["Name"], "py-bytes")
        with tcss.Client(ca_file=pathlib.Path(os.environ["TCSS_TEST_CA"])) as client:
            self.assertFalse(client.closed)


if __name__ == "__main__":
    unittest.main()
