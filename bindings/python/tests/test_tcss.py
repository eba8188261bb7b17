"""unittest suite of the ctypes binding, run against the emulator:

    TCSS_LIBRARY=build/lib/libtcss.so.1 PYTHONPATH=bindings/python \\
      tests/harness/with-emulator -- python3 -m unittest discover -s bindings/python/tests -v
"""
import ctypes
import json
import os
import re
import subprocess
import sys
import threading
import time
import unittest
import urllib.request

import tcss
from tcss import _native

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = os.path.join(HERE, "..", "..", "..", "include", "tcss", "tcss.h")
EMULATOR = os.environ["TCSS_EMULATOR"]
REGISTRY = os.environ["TCSS_MOCK_REGISTRY"]
REGISTRY_USER = os.environ["TCSS_MOCK_REGISTRY_USER"]
REGISTRY_PASSWORD = os.environ["TCSS_MOCK_REGISTRY_PASSWORD"]
SECRET_KEY = os.environ["TENCENTCLOUD_SECRET_KEY"]

_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def emulator(path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(EMULATOR + path, data=data,
                                 method="GET" if body is None else "POST",
                                 headers={"Content-Type": "application/json"})
    with _opener.open(req, timeout=10) as resp:
        return json.loads(resp.read() or b"null")


def registries():
    return emulator("/__emulator/state")["registries"]


def api_requests():
    return emulator("/__emulator/state")["stats"]["requests"]


def add(client, name, **extra):
    fields = dict(name=name, url=REGISTRY, registry_type="harbor", username=REGISTRY_USER,
                  password=REGISTRY_PASSWORD)
    fields.update(extra)
    return client.add_registry(**fields)


class EmulatorTest(unittest.TestCase):
    def setUp(self):
        emulator("/__emulator/reset", {})
        self.client = tcss.Client(max_attempts=2)
        self.addCleanup(self.client.close)


class TestDeclarations(unittest.TestCase):
    def test_every_header_function_has_argtypes_and_restype(self):
        with open(HEADER) as f:
            header = f.read()
        declared = set(re.findall(r"TCSS_EXTERN\([^)]*\)\s+(tcss_\w+)\s*\(", header))
        self.assertGreaterEqual(len(declared), 20)
        self.assertEqual(declared, set(_native.FUNCTIONS))
        for name in declared:
            fn = getattr(tcss._lib, name)
            self.assertIsNotNone(fn.argtypes, name)
            self.assertEqual(fn.restype, _native.FUNCTIONS[name][0], name)

    @unittest.skipUnless(os.environ.get("TCSS_LAYOUT_PROBE"), "TCSS_LAYOUT_PROBE not set")
    def test_struct_layouts_match_the_c_compiler(self):
        probe = subprocess.run([os.environ["TCSS_LAYOUT_PROBE"]], capture_output=True, text=True,
                               check=True, timeout=30)
        layouts = json.loads(probe.stdout)
        for struct_name, fields in layouts.items():
            cls = getattr(_native, struct_name)
            self.assertEqual(ctypes.sizeof(cls), fields.pop("__size__"), struct_name)
            declared = [name for name, _ in cls._fields_]
            self.assertEqual(declared, list(fields), struct_name)   # same fields, same order
            for field, offset in fields.items():
                self.assertEqual(getattr(cls, field).offset, offset, struct_name + "." + field)

    def test_version(self):
        self.assertRegex(tcss.version(), r"^1\.\d+\.\d+$")
        major, minor, patch = (int(x) for x in tcss.version().split("."))
        self.assertEqual(tcss.version_number(), major * 10000 + minor * 100 + patch)


class TestAddRegistry(EmulatorTest):
    def test_add_then_already_existed(self):
        first = add(self.client, "py-registry", registry_version="V2")
        self.assertEqual(first.registry_id, 1)
        self.assertFalse(first.already_existed)
        self.assertEqual(first.health_check_err, "")
        self.assertEqual(first.name_repeat_err, "")
        self.assertRegex(first.request_id, r"^[0-9a-f-]{36}$")
        self.assertGreaterEqual(first.attempts, 1)

        again = add(self.client, "py-registry")
        self.assertEqual(again.registry_id, 1)
        self.assertTrue(again.already_existed)
        self.assertNotEqual(again.name_repeat_err, "")
        self.assertEqual(len(registries()), 1)

    def test_every_field_reaches_the_service(self):
        add(self.client, "py-full", net_type="public", registry_version="V2",
            registry_region="ap-guangzhou", speed_limit=100, insecure=True,
            conn_detect=[("q-1", "u-1"), {"quuid": "q-2", "uuid": None}], need_scan=True,
            sync_mode="incremental", webhook_url="https://hooks.example.com/tcss",
            webhook_token="py-webhook-token", instance_id="tcr-123")
        (stored,) = registries()
        expected = {"Name": "py-full", "Url": REGISTRY, "RegistryType": "harbor",
                    "Username": REGISTRY_USER, "Password": REGISTRY_PASSWORD,
                    "NetType": "public", "RegistryVersion": "V2",
                    "RegistryRegion": "ap-guangzhou", "SpeedLimit": 100, "Insecure": 1,
                    "ConnDetectConfig": [{"Quuid": "q-1", "Uuid": "u-1"}, {"Quuid": "q-2"}],
                    "SyncMode": 1, "WebhookUrl": "https://hooks.example.com/tcss",
                    "WebhookToken": "py-webhook-token", "InstanceId": "tcr-123"}
        for key, value in expected.items():
            self.assertEqual(stored.get(key), value, key)
        self.assertIn(stored.get("NeedScan"), (True, 1))

    def test_unset_fields_are_not_sent(self):
        add(self.client, "py-min")
        (stored,) = registries()
        for key in ("RegistryVersion", "RegistryRegion", "SpeedLimit", "Insecure",
                    "ConnDetectConfig", "NeedScan", "SyncMode", "WebhookUrl", "WebhookToken",
                    "InstanceId"):
            self.assertNotIn(key, stored)

    def test_health_check_failure_is_still_a_result(self):
        res = add(self.client, "py-wrong", password="not-the-password")
        self.assertFalse(res.already_existed)
        self.assertIn("401", res.health_check_err)

    def test_threads_share_one_client(self):
        results, errors = [], []

        def work(i):
            try:
                results.append(add(self.client, "py-thread-%d" % (i % 3)).registry_id)
            except Exception as e:  # pragma: no cover - reported below
                errors.append(e)
        threads = [threading.Thread(target=work, args=(i,)) for i in range(9)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        self.assertEqual(len(results), 9)
        self.assertEqual(len(registries()), 3)


class TestErrors(EmulatorTest):
    def test_validation_error_sends_nothing(self):
        before = api_requests()
        with self.assertRaises(tcss.InvalidArgumentError) as cm:
            add(self.client, "py-bad", registry_type="docker")
        e = cm.exception
        self.assertIsInstance(e, tcss.Error)
        self.assertEqual(e.code, -1)
        self.assertEqual(e.error_class, "invalid_argument")
        self.assertIn("RegistryType", e.message)
        self.assertEqual(e.service_code, "")
        self.assertEqual(e.request_id, "")
        self.assertEqual(e.attempts, 0)
        self.assertEqual(api_requests(), before)

    def test_auth_failure_carries_service_code_and_request_id(self):
        with tcss.Client(secret_id=os.environ["TENCENTCLOUD_SECRET_ID"],
                         secret_key="a-wrong-secret-key-000000000000") as client:
            with self.assertRaises(tcss.AuthError) as cm:
                add(client, "py-auth")
        e = cm.exception
        self.assertEqual(e.error_class, "auth")
        self.assertTrue(e.service_code.startswith("AuthFailure"), e.service_code)
        self.assertRegex(e.request_id, r"^[0-9a-f-]{36}$")
        self.assertIn(e.request_id, str(e))
        self.assertIn(e.service_code, str(e))
        self.assertEqual(e.attempts, 1)
        self.assertNotIn("a-wrong-secret-key", str(e) + e.message)

    def test_persistent_internal_error(self):
        emulator("/__emulator/faults", {"mode": "internal_error", "count": 5,
                                           "action": "AddAssetImageRegistryRegistryDetail"})
        with self.assertRaises(tcss.Error) as cm:
            add(self.client, "py-internal")
        e = cm.exception
        self.assertEqual(e.attempts, 2)
        self.assertEqual(e.service_code, "InternalError")
        self.assertNotEqual(e.request_id, "")

    def test_missing_credentials(self):
        with self.assertRaises(tcss.CredentialsError) as cm:
            tcss.Client(secret_id="AKIDONLYHALF")   # half a pair
        self.assertEqual(cm.exception.code, -2)
        self.assertEqual(cm.exception.error_class, "credentials")
        self.assertIn("secret_key", cm.exception.message)

    def test_no_secret_in_any_message(self):
        for kwargs in ({"registry_type": "docker"}, {"url": "ftp://x"}):
            with self.assertRaises(tcss.Error) as cm:
                add(self.client, "py-secret", **kwargs)
            self.assertNotIn(REGISTRY_PASSWORD, str(cm.exception))

    def test_python_side_argument_errors(self):
        with self.assertRaises(ValueError):
            add(self.client, "py-x", sync_mode="sometimes")
        with self.assertRaises(ValueError):
            add(self.client, "py-x", insecure="yes")
        with self.assertRaises(ValueError):
            add(self.client, "py-x", speed_limit="fast")

    def test_closed_client(self):
        self.client.close()
        self.client.close()
        with self.assertRaises(ValueError):
            add(self.client, "py-closed")


def wait_until(predicate, seconds=15, what="condition"):
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for " + what)
        time.sleep(0.02)   # polling for a state, not asserting on time


class TestCloseDuringCall(unittest.TestCase):
    """Issue 10 §17: close() while another thread is inside the library (a
    hanging request) waits for that call; it never frees the client under it."""

    def setUp(self):
        emulator("/__emulator/reset", {})
        # A reset also ends every hang the emulator still holds.
        self.addCleanup(emulator, "/__emulator/reset", {})

    def start_hanging_call(self, client, name):
        emulator("/__emulator/faults", {"mode": "hang", "count": 1, "hang_seconds": 30})
        outcome = {}

        def call():
            try:
                outcome["result"] = add(client, name)
            except BaseException as e:   # recorded, asserted below
                outcome["error"] = e
            outcome["ended"] = time.monotonic()
        thread = threading.Thread(target=call)
        thread.start()
        # The request reached the emulator: the call is inside libcurl now,
        # with the GIL released.
        wait_until(lambda: api_requests() >= 1, what="the hanging request")
        return thread, outcome

    def test_close_waits_for_a_call_in_flight(self):
        client = tcss.Client(max_attempts=1, timeout_ms=1500)
        thread, outcome = self.start_hanging_call(client, "py-hang")
        client.close()
        closed_at = time.monotonic()
        thread.join(30)
        self.assertFalse(thread.is_alive())
        self.assertIn("ended", outcome)
        # close() returned only once the call had returned ...
        self.assertGreaterEqual(closed_at, outcome["ended"])
        # ... and the call failed as a timeout should, with an intact message.
        e = outcome.get("error")
        self.assertIsInstance(e, tcss.TimeoutError, outcome)
        self.assertEqual(e.error_class, "timeout")
        self.assertEqual(e.attempts, 1)
        self.assertIn("tim", e.message.lower())
        self.assertRegex(e.message, r"^[\x20-\x7e]+$")   # no bytes from freed memory
        self.assertTrue(client.closed)
        with self.assertRaises(ValueError):
            add(client, "py-after-close")
        client.close()   # idempotent

    def test_calls_fail_cleanly_once_close_has_begun(self):
        client = tcss.Client(max_attempts=1, timeout_ms=3000)
        thread, outcome = self.start_hanging_call(client, "py-hang-2")
        closer = threading.Thread(target=client.close)
        closer.start()
        wait_until(lambda: client.closed, what="close() to begin")
        # close() is waiting for the hanging call; a new call is refused at
        # once instead of waiting or reaching the library.
        self.assertTrue(closer.is_alive())
        before = api_requests()
        started = time.monotonic()
        with self.assertRaises(ValueError):
            add(client, "py-during-close")
        with self.assertRaises(ValueError):
            client.add_registry_preview(name="p", url=REGISTRY, registry_type="harbor",
                                        username="u", password="p")
        self.assertLess(time.monotonic() - started, 1.0)
        self.assertEqual(api_requests(), before)
        closer.join(30)
        thread.join(30)
        self.assertFalse(closer.is_alive() or thread.is_alive())
        self.assertIsInstance(outcome.get("error"), tcss.TimeoutError, outcome)

    def test_close_from_a_log_callback_is_refused_not_a_deadlock(self):
        refused = []
        holder = {}

        def log(level, line):
            if not refused:
                try:
                    holder["client"].close()
                except RuntimeError as e:
                    refused.append(str(e))
        client = tcss.Client(log=log, log_level=tcss.LOG_DEBUG)
        holder["client"] = client
        self.assertEqual(add(client, "py-log-close").registry_id, 1)
        self.assertEqual(len(refused), 1)
        self.assertIn("inside a call", refused[0])
        self.assertFalse(client.closed)
        client.close()
        self.assertTrue(client.closed)

    def test_many_threads_and_a_close(self):
        emulator("/__emulator/config", {"rate_limit": 0})
        self.addCleanup(emulator, "/__emulator/config", {"rate_limit": 20})
        client = tcss.Client(requests_per_second=-1, max_attempts=1)
        errors, done = [], []

        def work(i):
            for j in range(20):
                try:
                    add(client, "py-race-%d" % i)
                    done.append(1)
                except ValueError:
                    return   # closed: the only acceptable failure
                except Exception as e:  # pragma: no cover - reported below
                    errors.append(e)
                    return
        threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        wait_until(lambda: len(done) >= 4, what="some calls")
        client.close()
        for t in threads:
            t.join(60)
        self.assertEqual(errors, [])


class TestPreviewAndLogging(EmulatorTest):
    def test_preview_masks_secrets_and_sends_nothing(self):
        before = api_requests()
        text = self.client.add_registry_preview(
            name="py-preview", url=REGISTRY, registry_type="harbor", username=REGISTRY_USER,
            password=REGISTRY_PASSWORD, webhook_token="py-preview-token")
        self.assertIn("X-TC-Action: AddAssetImageRegistryRegistryDetail", text)
        self.assertIn('"Name":"py-preview"', text)
        self.assertNotIn(REGISTRY_PASSWORD, text)
        self.assertNotIn("py-preview-token", text)
        self.assertIn("********", text)
        self.assertEqual(api_requests(), before)

    def test_log_callback_gets_redacted_lines(self):
        lines = []
        with tcss.Client(log=lambda level, line: lines.append((level, line)),
                         log_level=tcss.LOG_DEBUG) as client:
            add(client, "py-log", webhook_token="py-log-webhook-token")
        self.assertTrue(lines)
        text = "\n".join(line for _, line in lines)
        self.assertIn("AddAssetImageRegistryRegistryDetail", text)
        for secret in (REGISTRY_PASSWORD, SECRET_KEY, "py-log-webhook-token"):
            self.assertNotIn(secret, text)
        self.assertTrue(all(0 <= level <= 3 for level, _ in lines))

    def test_log_callback_exception_does_not_escape(self):
        def boom(level, line):
            raise RuntimeError("callback failure")
        with tcss.Client(log=boom, log_level=tcss.LOG_DEBUG) as client:
            self.assertEqual(add(client, "py-boom").registry_id, 1)


class TestLoading(unittest.TestCase):
    def run_python(self, env_library):
        env = dict(os.environ, TCSS_LIBRARY=env_library)
        return subprocess.run([sys.executable, "-c", "import tcss; print(tcss.version())"],
                              env=env, capture_output=True, text=True, timeout=60)

    def test_tcss_library_is_used(self):
        proc = self.run_python(os.environ["TCSS_LIBRARY"])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.strip(), tcss.version())

    def test_missing_library_says_what_to_do(self):
        proc = self.run_python("/nonexistent/libtcss.so.1")
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("ImportError", proc.stderr)
        self.assertIn("/nonexistent/libtcss.so.1", proc.stderr)
        self.assertIn("TCSS_LIBRARY", proc.stderr)


if __name__ == "__main__":
    unittest.main()
