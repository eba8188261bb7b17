"""The emulator over HTTP: auth errors, the API contract, name repeat,
persistence, the rate limit, the health check and every fault mode."""

import base64
import http.client
import json
import os
import socket
import ssl
import tempfile
import time
import unittest

import support
from support import ADD, DESCRIBE, Client, registry


class EmulatorCase(unittest.TestCase):
    args = ()

    @classmethod
    def setUpClass(cls):
        cls.emu = support.start_emulator(cls.args)

    @classmethod
    def tearDownClass(cls):
        cls.emu.cleanup()

    def setUp(self):
        self.client = Client(self.emu.port)
        status, _ = self.client.control("POST", "reset")
        self.assertEqual(status, 200)

    def tearDown(self):
        self.client.close()

    def error_of(self, response):
        self.assertIn("Error", response, response)
        self.assertTrue(response["RequestId"])
        return response["Error"]["Code"], response["Error"]["Message"]

    def assertError(self, response, code, mentions=None):
        got, message = self.error_of(response)
        self.assertEqual(got, code, message)
        if mentions:
            self.assertIn(mentions, message)


class Auth(EmulatorCase):
    def test_a_correctly_signed_request_succeeds(self):
        r = self.client.call(registry())
        self.assertNotIn("Error", r)
        self.assertEqual(r["RegistryId"], 1)
        self.assertEqual(r["NameRepeatErr"], "")
        self.assertTrue(r["RequestId"])

    def test_x_tc_action_may_be_signed_too(self):
        r = self.client.call(registry(), sign_action=True)
        self.assertEqual(r["RegistryId"], 1)

    def test_missing_or_malformed_authorization(self):
        body = json.dumps(registry()).encode()
        headers = self.client.signed_headers(body)
        del headers["Authorization"]
        _, _, data = self.client.raw("POST", "/", body, headers)
        self.assertError(json.loads(data)["Response"],
                         "AuthFailure.InvalidAuthorization", "missing")
        for broken in ["TC3-HMAC-SHA256 Credential=x", "Bearer abc"]:
            headers["Authorization"] = broken
            _, _, data = self.client.raw("POST", "/", body, headers)
            self.assertError(json.loads(data)["Response"],
                             "AuthFailure.InvalidAuthorization")

    def test_signed_headers_must_include_content_type_and_host(self):
        body = json.dumps(registry()).encode()
        headers = self.client.signed_headers(body)
        headers["Authorization"] = headers["Authorization"].replace(
            "SignedHeaders=content-type;host", "SignedHeaders=host")
        _, _, data = self.client.raw("POST", "/", body, headers)
        self.assertError(json.loads(data)["Response"],
                         "AuthFailure.InvalidAuthorization", "content-type")

    def test_scope_must_name_tcss_and_the_timestamps_utc_date(self):
        r = self.client.call(registry(), service="cvm")
        self.assertError(r, "AuthFailure.InvalidAuthorization", "tcss")
        r = self.client.call(registry(), date="2001-01-01")
        self.assertError(r, "AuthFailure.InvalidAuthorization", "UTC date")

    def test_signature_expire_past_300_seconds_either_way(self):
        now = int(time.time())
        self.client.control("POST", "config", {"clock": now})
        for skew in (301, -301):
            r = self.client.call(registry(), timestamp=now + skew)
            self.assertError(r, "AuthFailure.SignatureExpire")
        for skew in (300, -300):
            r = self.client.call(registry("ok%d" % skew), timestamp=now + skew)
            self.assertNotIn("Error", r)

    def test_timestamp_must_be_plain_decimal_digits(self):
        body = json.dumps(registry()).encode()
        for bad in (None, "", "12ab", "-5", "²³", "1" * 40):
            with self.subTest(timestamp=bad):
                headers = self.client.signed_headers(body)
                if bad is None:
                    del headers["X-TC-Timestamp"]
                else:
                    headers["X-TC-Timestamp"] = bad
                _, _, data = self.client.raw("POST", "/", body, headers)
                code = json.loads(data)["Response"]["Error"]["Code"]
                self.assertIn(code, ("AuthFailure.InvalidAuthorization",
                                     "AuthFailure.SignatureExpire"))

    def test_unknown_secret_id(self):
        r = self.client.call(registry(), secret_id="AKIDNOBODY")
        self.assertError(r, "AuthFailure.SecretIdNotFound")

    def test_wrong_key_is_a_signature_failure(self):
        r = self.client.call(registry(), secret_key="not-the-key")
        self.assertError(r, "AuthFailure.SignatureFailure")

    def test_body_sent_differs_from_body_signed(self):
        body = json.dumps(registry()).encode()
        headers = self.client.signed_headers(body)
        _, _, data = self.client.raw("POST", "/", body.replace(b"reg-1", b"reg-2"),
                                     headers)
        self.assertError(json.loads(data)["Response"], "AuthFailure.SignatureFailure")

    def test_content_type_sent_differs_from_content_type_signed(self):
        body = json.dumps(registry()).encode()
        headers = self.client.signed_headers(body)
        headers["Content-Type"] = "application/json; charset=utf-8"
        _, _, data = self.client.raw("POST", "/", body, headers)
        self.assertError(json.loads(data)["Response"], "AuthFailure.SignatureFailure")

    def test_temporary_credential_needs_its_token(self):
        kw = dict(secret_id=support.TEMP_ID, secret_key=support.TEMP_KEY)
        self.assertError(self.client.call(registry(), **kw),
                         "AuthFailure.TokenFailure")
        self.assertError(self.client.call(registry(), token="wrong", **kw),
                         "AuthFailure.TokenFailure")
        r = self.client.call(registry(), token=support.TEMP_TOKEN, **kw)
        self.assertEqual(r["RegistryId"], 1)

    def test_action_version_and_content_type(self):
        self.assertError(self.client.call(registry(), action="DeleteEverything"),
                         "InvalidAction")
        self.assertError(self.client.call(registry(), version="2017-03-12"),
                         "NoSuchVersion")
        self.assertError(self.client.call(registry(), content_type="text/plain"),
                         "InvalidParameter", "Content-Type")

    def test_failures_store_nothing_and_are_counted(self):
        self.client.call(registry(), secret_key="bad")
        self.client.call(registry())
        _, state = self.client.control("GET", "state")
        self.assertEqual(len(state["registries"]), 1)
        self.assertEqual(state["stats"]["requests"], 2)
        self.assertEqual(state["stats"]["by_code"],
                         {"AuthFailure.SignatureFailure": 1, "ok": 1})


class CustomCredentials(EmulatorCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="tcss-emu-test-")
        path = os.path.join(cls.folder, "creds.json")
        with open(path, "w") as f:
            json.dump({"credentials": [{"SecretId": "AKIDOTHER", "SecretKey": "k2"}]}, f)
        cls.emu = support.start_emulator(["--credentials", path], folder=cls.folder)

    def test_the_file_replaces_the_defaults(self):
        self.assertError(self.client.call(registry()), "AuthFailure.SecretIdNotFound")
        r = self.client.call(registry(), secret_id="AKIDOTHER", secret_key="k2")
        self.assertEqual(r["RegistryId"], 1)


class Contract(EmulatorCase):
    def test_each_required_field(self):
        for field in ("Name", "Username", "Password", "Url", "RegistryType", "NetType"):
            with self.subTest(field):
                params = registry()
                del params[field]
                self.assertError(self.client.call(params),
                                 "InvalidParameter.MissingParameter", field)
                params[field] = ""
                self.assertError(self.client.call(params),
                                 "InvalidParameter.MissingParameter", field)

    def test_enumerated_values(self):
        for field, value in (("RegistryType", "docker-hub"), ("RegistryType", "Harbor"),
                             ("NetType", "private")):
            with self.subTest(field=field, value=value):
                self.assertError(self.client.call(registry(**{field: value})),
                                 "InvalidParameterValue", field)
        for t in ("harbor", "quay", "jfrog", "aws", "azure", "other-tcr"):
            r = self.client.call(registry("r-" + t, RegistryType=t))
            self.assertNotIn("Error", r)

    def test_json_types(self):
        bad = [("SpeedLimit", "10"), ("SpeedLimit", 1.5), ("SpeedLimit", True),
               ("Insecure", 2), ("Insecure", "1"), ("Insecure", False),
               ("NeedScan", 1), ("NeedScan", "true"),
               ("SyncMode", 2), ("SyncMode", None),
               ("ConnDetectConfig", {"Quuid": "a"}),
               ("ConnDetectConfig", [{"Quuid": 1}]),
               ("ConnDetectConfig", [{"Other": "x"}]),
               ("ConnDetectConfig", ["a"]),
               ("Name", 5), ("Password", None), ("WebhookToken", 7),
               ("RegistryVersion", ["V2"]), ("InstanceId", {})]
        for field, value in bad:
            with self.subTest(field=field, value=value):
                self.assertError(self.client.call(registry(**{field: value})),
                                 "InvalidParameter.InvalidFormat", field)

    def test_every_optional_field_is_accepted_and_stored(self):
        params = registry(RegistryVersion="V2", RegistryRegion="default",
                          SpeedLimit=100, Insecure=1,
                          ConnDetectConfig=[{"Quuid": "q1", "Uuid": "u1"}, {}],
                          NeedScan=True, SyncMode=0, WebhookUrl="https://hook",
                          WebhookToken="hook-token", InstanceId="tcr-1",
                          Name="名前 \"quoted\" \\ tab\t")
        r = self.client.call(params)
        self.assertNotIn("Error", r)
        _, state = self.client.control("GET", "state")
        stored = dict(params, RegistryId=r["RegistryId"])
        # Beside the input: the service's side (sync state, last probe).
        got = state["registries"][0]
        self.assertEqual(got.pop("Sync"), {})
        self.assertEqual(got.pop("ConnDetectDetail")[0]["Quuid"], "q1")
        self.assertEqual(state["registries"], [stored])

    def test_unknown_top_level_field(self):
        for field in ("Action", "Region", "name", "Extra"):
            with self.subTest(field):
                params = registry()
                params[field] = "x"
                self.assertError(self.client.call(params), "UnknownParameter", field)

    def test_body_must_be_one_json_object(self):
        for body in (b"", b"[]", b"not json", b'{"Name":"a","Name":"b"}',
                     b"\xff\xfe"):
            with self.subTest(body=body):
                self.assertError(self.client.call(None, body=body),
                                 "InvalidParameter.InvalidFormat")

    def test_name_repeat_answers_the_existing_id_and_creates_nothing(self):
        first = self.client.call(registry("dup"))
        other = self.client.call(registry("other"))
        again = self.client.call(registry("dup", Url="http://elsewhere", Username="x"))
        self.assertEqual((first["RegistryId"], other["RegistryId"]), (1, 2))
        self.assertEqual(again["RegistryId"], 1)
        self.assertEqual(again["NameRepeatErr"], "name repeat err")
        self.assertEqual(first["NameRepeatErr"], "")
        _, state = self.client.control("GET", "state")
        self.assertEqual([r["RegistryId"] for r in state["registries"]], [1, 2])
        self.assertEqual(state["registries"][0]["Url"], "http://127.0.0.1:9")

    def test_describe_by_registry_id(self):
        added = self.client.call(registry("d", WebhookToken="t0k"))
        r = self.client.call({"RegistryId": added["RegistryId"]}, action=DESCRIBE)
        self.assertEqual(r["Name"], "d")
        # Masked by default (the switch detail_password: test_assets).
        self.assertEqual(r["Password"], "s3cr****")
        self.assertEqual(r["WebhookToken"], "t****")
        self.assertError(self.client.call({"RegistryId": 999}, action=DESCRIBE),
                         "ResourceNotFound")
        self.assertError(self.client.call({}, action=DESCRIBE),
                         "InvalidParameter.MissingParameter", "RegistryId")

    def test_requests_are_recorded_byte_for_byte(self):
        body = json.dumps(registry("rec")).encode()
        self.client.call(None, body=body)
        _, recorded = self.client.control("GET", "requests")
        self.assertEqual(len(recorded), 1)
        rec = recorded[0]
        self.assertEqual((rec["method"], rec["path"], rec["outcome"]), ("POST", "/", "ok"))
        self.assertEqual(base64.b64decode(rec["body_b64"]), body)
        self.assertEqual(rec["headers"]["x-tc-action"], ADD)
        self.assertTrue(rec["headers"]["authorization"].startswith("TC3-HMAC-SHA256 "))


class Persistence(unittest.TestCase):
    def test_registries_survive_a_restart_and_ids_keep_increasing(self):
        emu = support.start_emulator()
        state = os.path.join(emu.folder, "state.json")
        emu.stop()
        try:
            emu = support.start_emulator(["--state", state], folder=emu.folder)
            c = Client(emu.port)
            self.assertEqual(c.call(registry("a"))["RegistryId"], 1)
            self.assertEqual(c.call(registry("b", Password="pw-b"))["RegistryId"], 2)
            c.close()
            emu.stop()
            with open(state) as f:
                self.assertEqual([r["Name"] for r in json.load(f)["registries"]],
                                 ["a", "b"])
            emu = support.start_emulator(["--state", state], folder=emu.folder)
            c = Client(emu.port)
            again = c.call(registry("a"))
            self.assertEqual((again["RegistryId"], again["NameRepeatErr"]),
                             (1, "name repeat err"))
            self.assertEqual(c.call(registry("c"))["RegistryId"], 3)
            _, st = c.control("GET", "state")
            self.assertEqual(st["registries"][1]["Password"], "pw-b")
            c.close()
        finally:
            emu.cleanup()


class RateLimit(EmulatorCase):
    args = ("--rate-limit", "3")

    def tearDown(self):
        self.client.control("POST", "config", {"rate_limit": 3, "clock": None,
                                               "rate_window": "fixed"})
        super().tearDown()

    def codes(self, prefix, n, timestamp):
        return [self.client.call(registry("%s%d" % (prefix, i)), timestamp=timestamp)
                .get("Error", {}).get("Code", "ok") for i in range(n)]

    def test_fixed_one_second_windows_per_action(self):
        # A fixed clock makes the window deterministic.
        now = int(time.time())
        self.client.control("POST", "config", {"clock": now + 0.5})
        codes = [self.client.call(registry("n%d" % i), timestamp=now)
                 .get("Error", {}).get("Code", "ok") for i in range(5)]
        self.assertEqual(codes, ["ok"] * 3 + ["RequestLimitExceeded"] * 2)
        # Another action has its own window.
        r = self.client.call({"RegistryId": 1}, action=DESCRIBE, timestamp=now)
        self.assertNotIn("Error", r)
        # The next second starts afresh.
        self.client.control("POST", "config", {"clock": now + 1.0})
        self.assertNotIn("Error", self.client.call(registry("n9"), timestamp=now))
        _, state = self.client.control("GET", "state")
        self.assertEqual(state["stats"]["by_code"]["RequestLimitExceeded"], 2)
        self.assertEqual(len(state["registries"]), 4)

    def test_config_changes_or_disables_the_limit(self):
        now = int(time.time())
        self.client.control("POST", "config", {"clock": now, "rate_limit": 0})
        for i in range(6):
            self.assertNotIn("Error", self.client.call(registry("z%d" % i), timestamp=now))
        for bad in ({"rate_limit": -1}, {"rate_limit": 1, "clock": "noon"}, {"other": 1},
                    {"rate_limit": 1, "rate_window": "leaky"}, {"rate_window": None}):
            status, _ = self.client.control("POST", "config", bad)
            self.assertEqual(status, 400)
        _, config = self.client.control("POST", "config", {})
        self.assertEqual({k: config[k] for k in ("rate_limit", "rate_window", "clock")},
                         {"rate_limit": 0, "rate_window": "fixed",
                          "clock": now})   # nothing half-applied
        self.client.control("POST", "config", {"rate_limit": 1})
        self.assertNotIn("Error", self.client.call(registry("y1"), timestamp=now))
        self.assertError(self.client.call(registry("y2"), timestamp=now),
                         "RequestLimitExceeded")

    def test_fixed_window_restarts_at_the_whole_second(self):
        # The contrast to the sliding window below: 0.7 s after a full
        # window, across a whole second, the fixed window admits again.
        now = int(time.time())
        self.client.control("POST", "config", {"clock": now + 0.5})
        self.assertEqual(self.codes("f", 4, now), ["ok"] * 3 + ["RequestLimitExceeded"])
        self.client.control("POST", "config", {"clock": now + 1.2})
        self.assertEqual(self.codes("g", 4, now), ["ok"] * 3 + ["RequestLimitExceeded"])

    def test_sliding_window_spans_the_second_boundary(self):
        now = int(time.time())
        _, config = self.client.control("POST", "config", {"rate_window": "sliding",
                                                           "clock": now + 0.5})
        self.assertEqual(config["rate_window"], "sliding")
        self.assertEqual(self.codes("s", 4, now), ["ok"] * 3 + ["RequestLimitExceeded"])
        # A whole second has begun, but the three admitted at +0.5 are
        # less than one second old: still refused.
        self.client.control("POST", "config", {"clock": now + 1.2})
        self.assertEqual(self.codes("t", 2, now), ["RequestLimitExceeded"] * 2)
        # One second after them they have left the window.
        self.client.control("POST", "config", {"clock": now + 1.5})
        self.assertEqual(self.codes("u", 4, now), ["ok"] * 3 + ["RequestLimitExceeded"])
        _, state = self.client.control("GET", "state")
        self.assertEqual(len(state["registries"]), 6)
        self.assertEqual(state["stats"]["by_code"]["RequestLimitExceeded"], 4)

    def test_sliding_window_admits_as_each_request_ages_out(self):
        now = int(time.time())
        self.client.control("POST", "config", {"rate_window": "sliding", "clock": now + 0.1})
        self.assertEqual(self.codes("a", 1, now), ["ok"])
        self.client.control("POST", "config", {"clock": now + 0.6})
        self.assertEqual(self.codes("b", 3, now), ["ok", "ok", "RequestLimitExceeded"])
        # +1.1: the request of +0.1 has aged out, the two of +0.6 have not.
        self.client.control("POST", "config", {"clock": now + 1.1})
        self.assertEqual(self.codes("c", 2, now), ["ok", "RequestLimitExceeded"])

    def test_sliding_window_does_not_count_refused_requests(self):
        now = int(time.time())
        self.client.control("POST", "config", {"rate_window": "sliding", "clock": now + 0.5})
        self.assertEqual(self.codes("r", 10, now), ["ok"] * 3 + ["RequestLimitExceeded"] * 7)
        self.client.control("POST", "config", {"clock": now + 1.5})
        self.assertEqual(self.codes("q", 4, now), ["ok"] * 3 + ["RequestLimitExceeded"])

    def test_sliding_window_is_per_action(self):
        now = int(time.time())
        self.client.control("POST", "config", {"rate_window": "sliding", "clock": now})
        self.assertEqual(self.codes("p", 4, now), ["ok"] * 3 + ["RequestLimitExceeded"])
        r = self.client.call({"RegistryId": 1}, action=DESCRIBE, timestamp=now)
        self.assertNotIn("Error", r)

    def test_command_line_selects_the_sliding_window(self):
        emu = support.start_emulator(["--rate-limit", "2", "--rate-window", "sliding"])
        self.addCleanup(emu.cleanup)
        client = Client(emu.port)
        self.addCleanup(client.close)
        now = int(time.time())
        _, config = client.control("POST", "config", {"clock": now + 0.9})
        self.assertEqual(config["rate_window"], "sliding")
        self.assertEqual(config["rate_limit"], 2)
        for i in range(2):
            self.assertNotIn("Error", client.call(registry("o%d" % i), timestamp=now))
        client.control("POST", "config", {"clock": now + 1.1})
        self.assertError(client.call(registry("o9"), timestamp=now), "RequestLimitExceeded")


class HealthCheck(EmulatorCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="tcss-emu-test-")
        cls.certs = certs = support.make_certs(cls.folder)
        env = {"MOCK_REGISTRY_PASSWORD": "registry-pw"}
        cls.plain = support.Process("mock_registry.py", ["--user", "bob"], env=env)
        cls.tls = support.Process("mock_registry.py", [
            "--user", "bob", "--tls", "%s/server.pem:%s/server.key" % (certs, certs)],
            env=env)
        cls.emu = support.start_emulator(
            ["--registry-ca", os.path.join(certs, "ca.pem")], folder=cls.folder)
        cls.plain_ca = support.start_emulator()  # trusts only the system store

    @classmethod
    def tearDownClass(cls):
        for p in (cls.plain, cls.tls, cls.plain_ca):
            p.cleanup()
        super().tearDownClass()

    def add(self, client=None, **kw):
        params = registry("h-%d" % time.monotonic_ns(), Username="bob",
                          Password="registry-pw")
        params.update(kw)
        return (client or self.client).call(params)

    def test_healthy_registry(self):
        r = self.add(Url="http://127.0.0.1:%d" % self.plain.port)
        self.assertEqual(r["HealthCheckErr"], "")

    def test_wrong_password_is_reported_and_the_registry_still_added(self):
        r = self.add(Url="http://127.0.0.1:%d/" % self.plain.port, Password="nope")
        self.assertEqual(r["HealthCheckErr"], "authentication failed: HTTP 401")
        self.assertGreater(r["RegistryId"], 0)

    def test_connection_refused(self):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        r = self.add(Url="http://127.0.0.1:%d" % port)
        self.assertEqual(r["HealthCheckErr"], "connection refused")

    def test_tls_is_verified_unless_insecure(self):
        url = "https://localhost:%d" % self.tls.port
        self.assertEqual(self.add(Url=url)["HealthCheckErr"], "")
        other = Client(self.plain_ca.port)
        try:
            err = self.add(client=other, Url=url)["HealthCheckErr"]
            self.assertTrue(err.startswith("tls: "), err)
            self.assertEqual(self.add(client=other, Url=url, Insecure=1)["HealthCheckErr"], "")
        finally:
            other.close()

    def test_message_never_carries_the_password(self):
        r = self.add(Url="http://bob:registry-pw@127.0.0.1:1", Password="registry-pw")
        self.assertNotIn("registry-pw", r["HealthCheckErr"])


class Faults(EmulatorCase):
    def fault(self, **spec):
        status, body = self.client.control("POST", "faults", spec)
        self.assertEqual(status, 200, body)

    def stored(self):
        _, state = self.client.control("GET", "state")
        return state["registries"]

    def raw_request(self, name="f"):
        """One signed request on a fresh socket; returns that socket."""
        body = json.dumps(registry(name)).encode()
        headers = self.client.signed_headers(body)
        lines = ["POST / HTTP/1.1"] + ["%s: %s" % kv for kv in headers.items()]
        lines.append("Content-Length: %d" % len(body))
        sock = socket.create_connection(("127.0.0.1", self.emu.port), timeout=10)
        self.addCleanup(sock.close)
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        return sock

    @staticmethod
    def read_all(sock):
        chunks = []
        while True:
            data = sock.recv(65536)
            if not data:
                return b"".join(chunks)
            chunks.append(data)

    def test_5xx_html_then_back_to_normal(self):
        self.fault(mode="5xx", count=2, status=503)
        for _ in range(2):
            body = json.dumps(registry()).encode()
            status, headers, data = self.client.raw(
                "POST", "/", body, self.client.signed_headers(body))
            self.assertEqual(status, 503)
            self.assertTrue(headers["Content-Type"].startswith("text/html"))
            self.assertIn(b"<html>", data)
        self.assertEqual(self.stored(), [])
        self.assertEqual(self.client.call(registry())["RegistryId"], 1)

    def test_internal_error_and_ratelimit_envelopes(self):
        self.fault(mode="internal_error")
        self.fault(mode="ratelimit")
        self.assertError(self.client.call(registry()), "InternalError")
        self.assertError(self.client.call(registry()), "RequestLimitExceeded")
        self.assertEqual(self.stored(), [])

    def test_error_answers_any_service_error(self):
        self.fault(mode="error", code="ResourceNotFound", message="gone")
        self.fault(mode="error")
        self.assertEqual(self.client.call(registry())["Error"],
                         {"Code": "ResourceNotFound", "Message": "gone"})
        self.assertError(self.client.call(registry()), "FailedOperation")
        self.assertEqual(self.stored(), [])
        status, _ = self.client.control("POST", "faults", {"mode": "error", "code": 5})
        self.assertEqual(status, 400)

    def test_garbage(self):
        self.fault(mode="garbage")
        body = json.dumps(registry()).encode()
        status, _, data = self.client.raw("POST", "/", body, self.client.signed_headers(body))
        self.assertEqual(status, 200)
        with self.assertRaises(ValueError):
            json.loads(data)

    def test_after_commit_stores_the_registry_before_failing(self):
        self.fault(mode="5xx", after_commit=True)
        body = json.dumps(registry("committed")).encode()
        status, _, _ = self.client.raw("POST", "/", body, self.client.signed_headers(body))
        self.assertEqual(status, 502)
        self.assertEqual([r["Name"] for r in self.stored()], ["committed"])
        again = self.client.call(registry("committed"))
        self.assertEqual((again["RegistryId"], again["NameRepeatErr"]),
                         (1, "name repeat err"))
        _, recorded = self.client.control("GET", "requests")
        self.assertEqual([r["outcome"] for r in recorded], ["fault:5xx", "ok"])

    def test_truncated_body_is_shorter_than_its_content_length(self):
        self.fault(mode="truncated", after_commit=True)
        data = self.read_all(self.raw_request())
        head, _, body = data.partition(b"\r\n\r\n")
        length = int([h for h in head.split(b"\r\n")
                      if h.lower().startswith(b"content-length:")][0].split(b":")[1])
        self.assertGreater(length, len(body))
        self.assertGreater(len(body), 0)
        self.assertEqual(len(self.stored()), 1)

    def test_reset_sends_a_tcp_reset(self):
        self.fault(mode="reset")
        sock = self.raw_request()
        with self.assertRaises(ConnectionResetError):
            self.read_all(sock)
        self.assertEqual(self.stored(), [])

    def test_hang_holds_the_connection_until_released(self):
        self.fault(mode="hang", hang_seconds=60)
        sock = self.raw_request()
        sock.settimeout(0.5)
        with self.assertRaises(socket.timeout):
            sock.recv(1)       # nothing is answered while it hangs
        self.client.control("POST", "reset")   # releases every hang
        sock.settimeout(10)
        self.assertEqual(self.read_all(sock), b"")   # closed, never answered

    def test_hang_closes_after_hang_seconds(self):
        self.fault(mode="hang", hang_seconds=0)
        self.assertEqual(self.read_all(self.raw_request()), b"")

    def test_trickle_sends_a_valid_answer_byte_by_byte(self):
        self.fault(mode="trickle", trickle_ms=5)
        sock = self.raw_request("slow")
        start = time.monotonic()
        f = sock.makefile("rb")
        self.addCleanup(f.close)
        status_line = f.readline()
        self.assertIn(b" 200 ", status_line)
        length = None
        while True:
            line = f.readline()
            if line in (b"\r\n", b""):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        body = f.read(length)
        elapsed = time.monotonic() - start
        self.assertEqual(json.loads(body)["Response"]["RegistryId"], 1)
        # a lower bound only: each byte waits at least 5 ms
        self.assertGreaterEqual(elapsed, (length - 1) * 0.005)

    def test_echo_sends_back_every_form_of_the_secrets(self):
        pw = 'p@ss"w\\o/rd:\u00e9 \U0001f511'
        params = registry(Password=pw, Url="https://reg.example:5000",
                          WebhookToken="hook-tok-1")
        body = json.dumps(params).encode("utf-8")
        basic = base64.b64encode(("admin:" + pw).encode("utf-8")).decode()
        for where in ("error", "health_check", "name_repeat", "request_id"):
            with self.subTest(where=where):
                self.fault(mode="echo", echo_in=where, code="FailedOperation")
                status, _, data = self.client.raw(
                    "POST", "/", body, self.client.signed_headers(body))
                self.assertEqual(status, 200)
                self.assertIn(b"\xff", data)  # invalid UTF-8 on the wire
                resp = json.loads(data.decode("utf-8", "surrogateescape"))["Response"]
                text = {"error": lambda r: r["Error"]["Message"],
                        "health_check": lambda r: r["HealthCheckErr"],
                        "name_repeat": lambda r: r["NameRepeatErr"],
                        "request_id": lambda r: r["RequestId"]}[where](resp)
                for form in ("https://admin:%s@reg.example:5000/v2/" % pw,
                             "https://admin:p%40ss%22w%5Co%2Frd%3A%C3%A9%20%F0%9F%94%91@",
                             pw, 'p@ss\\"w\\\\o/rd:\u00e9',
                             'p@ss\\"w\\\\o/rd:\\u00e9 \\ud83d\\udd11',
                             "\\u0070\\u0040", 'p@ss\\\\\\"w',
                             "p%40ss%22w%5co%2frd", basic, "hook-tok-1",
                             "\x1b[31m", "\r", "\n::add-mask::", "\n##vso[", "\udcff"):
                    self.assertIn(form, text)
        self.assertEqual(self.stored(), [])
        status, _ = self.client.control("POST", "faults", {"mode": "echo", "echo_in": "x"})
        self.assertEqual(status, 400)

    def test_fault_validation(self):
        for spec in ({"mode": "explode"}, {"mode": "5xx", "count": 0},
                     {"mode": "5xx", "after_commit": "yes"}, {"mode": "5xx", "bogus": 1}):
            with self.subTest(spec=spec):
                status, _ = self.client.control("POST", "faults", spec)
                self.assertEqual(status, 400)

    def test_reset_forgets_faults_registries_and_requests(self):
        self.client.call(registry())
        self.fault(mode="5xx", count=5)
        self.client.control("POST", "reset")
        self.assertEqual(self.client.call(registry())["RegistryId"], 1)
        _, recorded = self.client.control("GET", "requests")
        self.assertEqual(len(recorded), 1)


class Tls(EmulatorCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="tcss-emu-test-")
        cls.certs = support.make_certs(cls.folder)
        pair = "%s/%%s.pem:%s/%%s.key" % (cls.certs, cls.certs)
        cls.emu = support.start_emulator(
            ["--tls-listener", pair % ("server", "server"),
             "--tls-listener", pair % ("expired", "expired")], folder=cls.folder)

    def https(self, index=0):
        ctx = ssl.create_default_context(cafile=os.path.join(self.certs, "ca.pem"))
        port = self.emu.ports["tls"][index]
        return port, http.client.HTTPSConnection("localhost", port, context=ctx, timeout=30)

    def test_port_file_lists_each_listener(self):
        self.assertEqual(len(self.emu.ports["tls"]), 2)
        self.assertEqual(len(set(self.emu.ports["tls"]) | {self.emu.port}), 3)

    def test_signed_request_over_tls_signs_the_host_with_its_port(self):
        port, conn = self.https()
        self.addCleanup(conn.close)
        signer = Client(port, host="localhost")   # only used to sign
        self.addCleanup(signer.close)
        body = json.dumps(registry("over-tls")).encode()
        headers = signer.signed_headers(body)
        self.assertEqual(headers["Host"], "localhost:%d" % port)
        conn.request("POST", "/", body, headers)
        r = json.loads(conn.getresponse().read())["Response"]
        self.assertEqual(r["RegistryId"], 1)
        headers["Host"] = "localhost"   # sent without the port it was signed with
        conn.request("POST", "/", body, headers)
        r = json.loads(conn.getresponse().read())["Response"]
        self.assertError(r, "AuthFailure.SignatureFailure")

    def test_expired_listener_fails_verification_and_the_server_survives(self):
        _, conn = self.https(1)
        with self.assertRaises(ssl.SSLCertVerificationError) as cm:
            conn.request("GET", "/__emulator/state")
        self.assertEqual(cm.exception.verify_message, "certificate has expired")
        conn.close()
        _, good = self.https(0)
        self.addCleanup(good.close)
        good.request("GET", "/__emulator/state")
        self.assertEqual(good.getresponse().status, 200)

    def test_reset_fault_over_tls(self):
        self.client.control("POST", "faults", {"mode": "reset"})
        _, conn = self.https()
        self.addCleanup(conn.close)
        body = json.dumps(registry()).encode()
        with self.assertRaises(ConnectionResetError):
            conn.request("POST", "/", body, self.client.signed_headers(body))
            conn.getresponse().read()


class Control(EmulatorCase):
    def test_unknown_endpoints_and_paths(self):
        status, _ = self.client.control("GET", "nothing")
        self.assertEqual(status, 404)
        status, _, _ = self.client.raw("POST", "/elsewhere", b"{}")
        self.assertEqual(status, 404)

    def test_chunked_body_and_expect_100_continue(self):
        body = json.dumps(registry("chunked", RegistryVersion="v" * 3000)).encode()
        headers = self.client.signed_headers(body)
        headers.update({"Expect": "100-continue", "Transfer-Encoding": "chunked"})
        sock = socket.create_connection(("127.0.0.1", self.emu.port), timeout=10)
        self.addCleanup(sock.close)
        head = ["POST / HTTP/1.1"] + ["%s: %s" % kv for kv in headers.items()]
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        f = sock.makefile("rb")
        self.addCleanup(f.close)
        self.assertEqual(f.readline(), b"HTTP/1.1 100 Continue\r\n")
        self.assertEqual(f.readline(), b"\r\n")
        for i in range(0, len(body), 1000):
            chunk = body[i:i + 1000]
            sock.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
        sock.sendall(b"0\r\n\r\n")
        self.assertIn(b" 200 ", f.readline())
        length = 0
        while True:
            line = f.readline()
            if line == b"\r\n":
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        self.assertEqual(json.loads(f.read(length))["Response"]["RegistryId"], 1)
        _, recorded = self.client.control("GET", "requests")
        self.assertEqual(base64.b64decode(recorded[0]["body_b64"]), body)

    def test_keep_alive_serves_many_requests_on_one_connection(self):
        for i in range(5):
            self.assertEqual(self.client.call(registry("k%d" % i))["RegistryId"], i + 1)
        sock = self.client.conn.sock
        self.assertIsNotNone(sock)


if __name__ == "__main__":
    unittest.main()
