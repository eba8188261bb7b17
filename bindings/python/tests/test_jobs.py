"""The 1.1 registry calls through the binding (issue 18), against the
emulator: ensure_registry (added; unchanged in two requests; updated in
place; update="never" only reports; "always"), list_registries,
show_registry (never the password, even when TCSS returns it plain),
remove_registry, sync with and without a wait, tcss.NotFoundError, the new
arguments' wrong types and NULs refused by name before anything is sent,
and a library older than 1.1 refused with the version it needs."""
import base64
import json
import os
import re
import traceback
import unittest
import urllib.parse
from unittest import mock

import tcss
from tcss import _native

from test_tcss import REGISTRY, REGISTRY_PASSWORD, REGISTRY_USER, SECRET_KEY, \
    api_requests, emulator, registries


def spec(name, **extra):
    out = dict(name=name, url=REGISTRY, registry_type="harbor", username=REGISTRY_USER,
               password=REGISTRY_PASSWORD)
    out.update(extra)
    return out


class JobsTest(unittest.TestCase):
    def setUp(self):
        emulator("/__emulator/reset", {})
        self.client = tcss.Client(max_attempts=2)
        self.addCleanup(self.client.close)

    def assert_no_secret(self, *texts):
        for text in texts:
            for secret in (REGISTRY_PASSWORD, SECRET_KEY, "py-jobs-webhook-token"):
                self.assertNotIn(secret, text)


class TestEnsure(JobsTest):
    def test_added_then_unchanged_in_two_requests(self):
        first = self.client.ensure_registry(**spec("py-ensure", registry_version="V2"))
        self.assertIsInstance(first, tcss.EnsureResult)
        self.assertEqual(first.action, "added")
        self.assertEqual(first.name, "py-ensure")
        self.assertGreater(first.registry_id, 0)
        self.assertEqual(first.health_check_err, "")
        self.assertRegex(first.request_id, r"^[0-9a-f-]{36}$")
        self.assertEqual(first.data["Action"], "added")
        before = api_requests()
        again = self.client.ensure_registry(**spec("py-ensure", registry_version="V2"))
        self.assertEqual(again.action, "unchanged")
        self.assertEqual(again.registry_id, first.registry_id)
        self.assertEqual(again.changed, ())
        self.assertEqual(again.requests, 2)
        self.assertEqual(api_requests() - before, 2)
        self.assertEqual(len(registries()), 1)

    def test_a_changed_setting_updates_in_place(self):
        first = self.client.ensure_registry(**spec("py-ensure-upd"))
        res = self.client.ensure_registry(**spec("py-ensure-upd", insecure=True, speed_limit=50))
        self.assertEqual(res.action, "updated")
        self.assertEqual(res.registry_id, first.registry_id)
        self.assertIn("Insecure", res.changed)
        self.assertIn("SpeedLimit", res.changed)
        self.assertIsInstance(res.changed, tuple)
        self.assertNotEqual(res.reason, "")
        (stored,) = registries()
        self.assertEqual((stored["RegistryId"], stored["Insecure"], stored["SpeedLimit"]),
                         (first.registry_id, 1, 50))

    def test_update_never_reports_and_always_updates(self):
        self.client.ensure_registry(**spec("py-ensure-pol"))
        never = self.client.ensure_registry(**spec("py-ensure-pol", speed_limit=7), update="never")
        self.assertEqual(never.action, "unchanged")
        self.assertIn("SpeedLimit", never.changed)
        self.assertIn("never", never.reason)
        self.assertNotIn("SpeedLimit", registries()[0])
        always = self.client.ensure_registry(**spec("py-ensure-pol"), update="always")
        self.assertEqual(always.action, "updated")
        auto = self.client.ensure_registry(**spec("py-ensure-pol"), update="auto")
        self.assertEqual(auto.action, "unchanged")

    def test_a_rotated_password_is_updated_and_never_shown(self):
        self.client.ensure_registry(**spec("py-ensure-rot"))
        # TCSS reports the old credentials failing: auto updates them.
        emulator("/__emulator/config", {"detail_password": "plain"})
        wrong = self.client.ensure_registry(**spec("py-ensure-rot", password="not-the-password"),
                                            update="always")
        self.assertEqual(wrong.action, "updated")
        self.assertIn("401", wrong.health_check_err)
        fixed = self.client.ensure_registry(**spec("py-ensure-rot"))
        self.assertEqual(fixed.action, "updated")
        self.assertIn("status_auth_failed", fixed.reason)
        self.assert_no_secret(json.dumps(fixed.data), repr(fixed), json.dumps(wrong.data))


class TestServiceEcho(JobsTest):
    def echo(self):
        basic = base64.b64encode(("%s:%s" % (REGISTRY_USER, REGISTRY_PASSWORD)).encode()).decode()
        text = ("cannot log in to https://%s:%s@r.example/v2/ (password=%s, key %s, "
                "Authorization: Basic %s)" % (REGISTRY_USER, REGISTRY_PASSWORD, REGISTRY_PASSWORD,
                                              SECRET_KEY, basic))
        emulator("/__emulator/faults", {"mode": "error", "count": 20,
                                        "code": "InvalidParameterValue.Url", "message": text})
        return basic

    def error_texts(self, call):
        with self.assertRaises(tcss.ServiceError) as cm:
            call()
        e = cm.exception
        self.assertEqual(e.service_code, "InvalidParameterValue.Url")
        self.assertIn("cannot log in", e.message)
        return {"str": str(e), "repr": repr(e), "message": e.message,
                "service_message": e.service_message,
                "traceback": "".join(traceback.format_exception(type(e), e, e.__traceback__))}

    def test_ensure_masks_the_secrets_it_was_given(self):
        # As test_secret_echo.py for add_registry: the service's message
        # repeats the password (raw, in a URL, as a Basic credential) and
        # the SecretKey.
        self.client.add_registry(**spec("py-echo"))
        basic = self.echo()
        texts = self.error_texts(lambda: self.client.ensure_registry(**spec("py-echo"),
                                                                     update="always"))
        for where, text in texts.items():
            for what, value in (("password", REGISTRY_PASSWORD), ("SecretKey", SECRET_KEY),
                                ("Basic", basic)):
                self.assertNotIn(value, text, "%s in %s" % (what, where))

    def test_ensure_log_lines_hold_no_password(self):
        # The registry detail TCSS returns may hold the password plain; the
        # debug trace of an ensure, successful or refused, never shows it.
        lines = []
        client = tcss.Client(max_attempts=1, log=lambda level, line: lines.append(line),
                             log_level=tcss.LOG_DEBUG)
        self.addCleanup(client.close)
        client.add_registry(**spec("py-echo", webhook_token="py-jobs-webhook-token"))
        emulator("/__emulator/config", {"detail_password": "plain"})
        self.assertEqual(client.ensure_registry(**spec("py-echo"), update="always").action,
                         "updated")
        self.assertTrue(any('"Password": "********"' in line for line in lines), lines)
        basic = self.echo()
        with self.assertRaises(tcss.ServiceError):
            client.ensure_registry(**spec("py-echo"))
        self.assertTrue(any("cannot log in" in line for line in lines))
        for i, line in enumerate(lines):
            for what, value in (("password", REGISTRY_PASSWORD), ("SecretKey", SECRET_KEY),
                                ("Basic", basic), ("webhook token", "py-jobs-webhook-token")):
                self.assertNotIn(value, line, "%s in log line %d" % (what, i))

    def test_a_masked_line(self):
        self.assertEqual(tcss._masked_line('{"Password": "a\\"b", "WebhookToken":"t", "Password": ""}',
                                           ()),
                         '{"Password": "********", "WebhookToken":"********", "Password": ""}')
        self.assertEqual(tcss._masked_line("x secret-1 y", ["secret-1"]), "x ******** y")

    def test_calls_without_the_password_mask_the_key(self):
        # list and sync are not given the password, so neither the library
        # nor the binding can know it; the SecretKey is masked.
        self.client.add_registry(**spec("py-echo"))
        self.echo()
        for name, call in (("list", self.client.list_registries),
                           ("sync", lambda: self.client.sync("py-echo")),
                           ("show", lambda: self.client.show_registry("py-echo"))):
            with self.subTest(call=name):
                for where, text in self.error_texts(call).items():
                    self.assertNotIn(SECRET_KEY, text, where)
                    self.assertIn("********", text, where)

    def test_the_mask_covers_each_form(self):
        secret = 'p@ss:w\u00e9"rd'
        forms = [secret, json.dumps(secret)[1:-1], urllib.parse.quote(secret, safe=""),
                 urllib.parse.quote(secret, safe="").lower(),
                 base64.b64encode(("u:" + secret).encode()).decode()]
        self.assertEqual(len(set(forms)), 5)
        text = " | ".join(forms)
        e = tcss.ServiceError(-4, "service", text, "X", text)
        # None and a 2-byte "secret": nothing to mask
        tcss._mask(e, tcss._secret_forms("u", secret) + tcss._secret_forms("u", None)
                   + tcss._secret_forms("u", "ab"))
        self.assertEqual(e.message, " | ".join(["********"] * 5))
        self.assertEqual(e.service_message, e.message)
        for form in forms:
            self.assertNotIn(form, str(e))
            self.assertNotIn(form, repr(e))


class TestListShowRemove(JobsTest):
    def test_list_show_remove(self):
        emulator("/__emulator/config", {"detail_password": "plain"})
        for name in ("py-a", "py-b"):
            self.client.add_registry(**spec(name, webhook_token="py-jobs-webhook-token",
                                            registry_version="V2"))
        listed = self.client.list_registries()
        self.assertIsInstance(listed, tcss.RegistryList)
        self.assertEqual(listed.total_count, 2)
        self.assertEqual(sorted(listed.names), ["py-a", "py-b"])
        self.assertGreaterEqual(listed.requests, 1)
        self.assertTrue(all(isinstance(r, dict) and r["Url"] == REGISTRY for r in listed.registries))

        shown = self.client.show_registry("py-b")
        self.assertIsInstance(shown, tcss.Registry)
        self.assertEqual((shown.name, shown.url, shown.username, shown.registry_type,
                          shown.registry_version, shown.net_type),
                         ("py-b", REGISTRY, REGISTRY_USER, "harbor", "V2", "public"))
        self.assertEqual(shown.registry_id, listed.registries[listed.names.index("py-b")]["RegistryId"])
        self.assertNotIn("Password", shown.data)
        self.assert_no_secret(json.dumps(listed.data), json.dumps(shown.data), repr(shown))

        removed = self.client.remove_registry("py-a")
        self.assertIsInstance(removed, tcss.RemoveResult)
        self.assertEqual(removed.name, "py-a")
        self.assertNotEqual(removed.request_id, "")
        self.assertEqual([r["Name"] for r in registries()], ["py-b"])
        self.assertEqual(self.client.list_registries().names, ("py-b",))

    def test_not_found(self):
        self.client.add_registry(**spec("py-there"))
        for call in (lambda: self.client.show_registry("py-absent"),
                     lambda: self.client.remove_registry("py-absent"),
                     lambda: self.client.sync("py-absent", wait=1)):
            with self.assertRaises(tcss.NotFoundError) as cm:
                call()
            e = cm.exception
            self.assertIsInstance(e, tcss.Error)
            self.assertEqual(e.code, -12)
            self.assertEqual(e.error_class, "not_found")
            self.assertIn("py-absent", e.message)
            self.assert_no_secret(str(e), repr(e))
        self.assertEqual(len(registries()), 1)   # nothing removed


class TestSync(JobsTest):
    def setUp(self):
        super().setUp()
        emulator("/__emulator/config", {"sync_seconds": 0.3})
        self.client.add_registry(**spec("py-sync"))

    def test_sync_and_wait(self):
        res = self.client.sync("py-sync", wait=15)
        self.assertIsInstance(res, tcss.SyncResult)
        self.assertTrue(res.finished)
        self.assertEqual(res.sync_status, "success")
        self.assertNotEqual(res.latest_sync_time, "")
        self.assertEqual(res.sync_fail_reason, "")
        self.assertGreater(res.waited_ms, 0)
        self.assertEqual(res.name, "py-sync")

    def test_sync_without_a_wait_returns_at_once(self):
        res = self.client.sync("py-sync")
        self.assertFalse(res.finished)
        self.assertEqual(res.waited_ms, 0)
        self.assertEqual(res.data["Polls"], 0)
        self.assertNotEqual(res.request_id, "")
        self.assertNotEqual(res.sync_status, "success")   # the row as it was: never synced
        # TCSS was asked: the emulator's registry has a sync under way.
        self.assertTrue(registries()[0]["Sync"].get("Started"), registries()[0])

    def test_a_float_wait(self):
        self.assertTrue(self.client.sync("py-sync", wait=10.5).finished)


class TestArgumentsRefused(JobsTest):
    """The new arguments' wrong types and NULs, refused by the binding with
    the argument's name before anything is sent (as add_registry's)."""

    def refused(self, field, call, secret=None):
        before = api_requests()
        with self.assertRaises(tcss.InvalidArgumentError) as cm:
            call()
        e = cm.exception
        self.assertIsInstance(e, ValueError)
        self.assertTrue(e.message.startswith(field + ": "), e.message)
        self.assertRegex(e.message, r": (must|is required)")
        if secret is not None:
            for part in secret.split("\0"):
                self.assertNotIn(part, str(e))
        self.assertEqual(api_requests(), before)
        return e

    def test_names(self):
        for method in ("show_registry", "remove_registry", "sync"):
            for value, rule in (("py\0-other", "NUL"), (b"py\0", "NUL"), (42, "string"),
                                (["py"], "string"), (None, "required"), ("", "empty")):
                with self.subTest(method=method, value=value):
                    e = self.refused("name", lambda: getattr(self.client, method)(value))
                    self.assertIn(rule, e.message)

    def test_update_policy(self):
        for value in ("sometimes", "AUTO", 0, True, None, b"auto"):
            with self.subTest(value=value):
                e = self.refused("update", lambda: self.client.ensure_registry(
                    **spec("py-upd"), update=value))
                self.assertIn("auto, always, never", e.message)

    def test_ensure_checks_the_spec_like_add(self):
        self.refused("password", lambda: self.client.ensure_registry(
            **spec("py-x", password="pw\0rest-of-the-secret")), secret="pw\0rest-of-the-secret")
        self.refused("insecure", lambda: self.client.ensure_registry(**spec("py-x", insecure="yes")))
        self.refused("name", lambda: self.client.ensure_registry(**spec("py\0x")))

    def test_wait(self):
        for value in ("10", True, -1, -0.5, float("nan"), float("inf"), 10 ** 9, [1]):
            with self.subTest(value=value):
                self.refused("wait", lambda: self.client.sync("py-sync", wait=value))
                self.refused("wait", lambda: self.client.scan("py-sync", "h/r:1", wait=value))
        # A scan's wait of 0 would be the library's default, 10 minutes: None says that.
        for value in (0, 0.0, 0.0001):
            with self.subTest(value=value):
                e = self.refused("wait", lambda: self.client.scan("py-sync", "h/r:1", wait=value))
                self.assertIn("more than 0", e.message)

    def test_wait_in_milliseconds(self):
        self.assertEqual([tcss._wait_ms("wait", v) for v in (None, 0, 0.0004, 1, 2.5, 86400)],
                         [0, 0, 1, 1000, 2500, 86400000])

    def test_scan_arguments(self):
        good = dict(name="py-reg", image="registry.example/team/app:1.0")
        for field, value in (("name", "py\0x"), ("name", None), ("name", 7), ("image", "a\0b"),
                             ("image", None), ("image", ""), ("image", 1.5),
                             ("fail_on", "severe"), ("fail_on", "HIGH"), ("fail_on", 3),
                             ("max_critical", "1"), ("max_high", -1), ("max_medium", 1.5),
                             ("max_low", True), ("max_low", 1 << 63),
                             ("only_fixed", "yes"), ("only_fixed", None), ("sync", "no"),
                             ("sync", 2), ("ignore_file", "ignore\0.txt"), ("ignore_file", 5)):
            with self.subTest(field=field, value=value):
                args = dict(good, **{field: value})
                self.refused(field, lambda: self.client.scan(args.pop("name"), args.pop("image"),
                                                             **args))

    def test_a_closed_client(self):
        self.client.close()
        for call in (lambda: self.client.list_registries(),
                     lambda: self.client.show_registry("x"),
                     lambda: self.client.scan("x", "h/r:1")):
            with self.assertRaises(ValueError):
                call()


class OldLibrary:
    """The loaded library as a 1.0 one looks: version 1.0.7, none of the 1.1
    functions (getattr raises AttributeError, as ctypes does)."""

    def __init__(self, real):
        self._real = real
        self._name = "/opt/old/libtcss.so.1"

    def tcss_version_number(self):
        return 10007

    def __getattr__(self, name):
        if name in _native.SINCE_1_1:
            raise AttributeError(name)
        return getattr(self._real, name)


class TestLibraryVersion(unittest.TestCase):
    def test_a_1_0_library_is_refused_with_the_version_needed(self):
        client = tcss.Client()
        self.addCleanup(client.close)
        with mock.patch.object(tcss, "_lib", OldLibrary(tcss._lib)):
            for name, call in (("ensure_registry", lambda: client.ensure_registry(**spec("x"))),
                               ("list_registries", client.list_registries),
                               ("show_registry", lambda: client.show_registry("x")),
                               ("remove_registry", lambda: client.remove_registry("x")),
                               ("sync", lambda: client.sync("x")),
                               ("scan", lambda: client.scan("x", "h/r:1"))):
                with self.subTest(call=name):
                    with self.assertRaises(tcss.LibraryVersionError) as cm:
                        call()
                    e = cm.exception
                    self.assertIsInstance(e, NotImplementedError)
                    self.assertNotIsInstance(e, AttributeError)
                    self.assertEqual((e.call, e.needed, e.loaded), (name, "1.1.0", "1.0.7"))
                    self.assertIn("needs libtcss 1.1.0 or later", str(e))
                    self.assertIn("1.0.7", str(e))
                    self.assertIn("/opt/old/libtcss.so.1", str(e))

    def test_a_1_0_library_still_loads(self):
        class Fake:
            def __init__(self, number, lacking):
                self.number, self.lacking = number, lacking

            def __getattr__(self, name):
                if name in self.lacking:
                    raise AttributeError(name)
                fn = mock.Mock(return_value=self.number)
                setattr(self, name, fn)
                return fn
        old = Fake(10003, _native.SINCE_1_1)
        self.assertEqual(_native.declare(old), 10003)
        self.assertTrue(hasattr(old, "tcss_add_registry"))
        # A 1.1 library lacking a 1.1 function, or any library lacking a 1.0
        # one, is broken: that is not skipped.
        with self.assertRaises(AttributeError):
            _native.declare(Fake(10100, {"tcss_scan_image"}))
        with self.assertRaises(AttributeError):
            _native.declare(Fake(10003, {"tcss_add_registry"}))

    def test_the_1_1_functions_are_the_headers_1_1_section(self):
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                               "include", "tcss", "tcss.h"), encoding="utf-8") as f:
            text = f.read()
        section = text[text.index("1.1: the recurring job"):]
        self.assertEqual(set(re.findall(r"TCSS_EXTERN\([^)]*\)\s+(tcss_\w+)\s*\(", section)),
                         set(_native.SINCE_1_1))


if __name__ == "__main__":
    unittest.main()
