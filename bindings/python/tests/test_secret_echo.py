"""Issue 10 item 1, the Python path: a service message that echoes the
registry password, the SecretKey or the Basic credential never reaches a
Python exception (its text, attributes or traceback) or the log callback."""
import base64
import json
import os
import traceback
import unittest
import urllib.request

import tcss

EMULATOR = os.environ["TCSS_EMULATOR"]
REGISTRY = os.environ["TCSS_MOCK_REGISTRY"]
USER = os.environ["TCSS_MOCK_REGISTRY_USER"]
PASSWORD = os.environ["TCSS_MOCK_REGISTRY_PASSWORD"]
SECRET_KEY = os.environ["TENCENTCLOUD_SECRET_KEY"]
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def emulator(path, body):
    req = urllib.request.Request(EMULATOR + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with _opener.open(req, timeout=10) as resp:
        resp.read()


class SecretEchoTest(unittest.TestCase):
    def setUp(self):
        emulator("/__emulator/reset", {})

    def test_service_message_echoing_secrets_never_reaches_the_exception_or_log(self):
        basic = base64.b64encode(("%s:%s" % (USER, PASSWORD)).encode()).decode()
        echo = ("cannot log in to https://%s:%s@registry.example/v2/ (key %s, Authorization: Basic %s)"
                % (USER, PASSWORD, SECRET_KEY, basic))
        emulator("/__emulator/faults", {"mode": "error", "count": 10,
                                        "code": "InvalidParameterValue.Url", "message": echo})
        lines = []
        client = tcss.Client(max_attempts=1, log=lambda level, line: lines.append(line),
                             log_level=tcss.LOG_DEBUG)
        self.addCleanup(client.close)
        with self.assertRaises(tcss.Error) as cm:
            client.add_registry(name="py-echo", url=REGISTRY, registry_type="harbor",
                                username=USER, password=PASSWORD)
        e = cm.exception
        self.assertEqual(e.error_class, "service")
        texts = {"str": str(e), "repr": repr(e), "message": e.message,
                 "service_message": e.service_message, "service_code": e.service_code,
                 "request_id": e.request_id,
                 "traceback": "".join(traceback.format_exception(type(e), e, e.__traceback__))}
        texts.update(("log line %d" % i, line) for i, line in enumerate(lines))
        for where, text in texts.items():
            for what, secret in (("password", PASSWORD), ("SecretKey", SECRET_KEY), ("Basic credential", basic)):
                # The failure names the place, never prints the text: it would hold the secret.
                self.assertFalse(secret in (text or ""), "%s in %s" % (what, where))


if __name__ == "__main__":
    unittest.main()
