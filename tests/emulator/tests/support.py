"""Helpers for the emulator's tests: start it as a subprocess, play a client."""

import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
EMULATOR_DIR = os.path.dirname(HERE)
ROOT = os.path.dirname(os.path.dirname(EMULATOR_DIR))
sys.path.insert(0, EMULATOR_DIR)

import tc3  # noqa: E402

SECRET_ID = "AKIDLIBTCSSEMULATOR0001"
SECRET_KEY = "libtcss-emulator-secret-key-0001"
TEMP_ID = "AKIDLIBTCSSEMULATORTMP1"
TEMP_KEY = "libtcss-emulator-temp-key-0001"
TEMP_TOKEN = "libtcss-emulator-session-token-0001"
ADD = "AddAssetImageRegistryRegistryDetail"
DESCRIBE = "DescribeAssetImageRegistryRegistryDetail"


def wait_for_file(path, proc, what, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                return json.load(f)
        if proc.poll() is not None:
            raise RuntimeError("%s exited with %s" % (what, proc.returncode))
        time.sleep(0.02)  # polling for start-up, not asserting on time
    raise RuntimeError("%s did not write %s" % (what, path))


class Process:
    """A running emulator (or mock registry) in its own temporary folder."""

    def __init__(self, script, args=(), env=None, folder=None):
        self.folder = folder or tempfile.mkdtemp(prefix="tcss-emu-test-")
        self.port_file = os.path.join(self.folder, "port-%d.json" % id(self))
        self.log = open(os.path.join(self.folder, "log.txt"), "a")
        self.proc = subprocess.Popen(
            [sys.executable, os.path.join(EMULATOR_DIR, script),
             "--port", "0", "--port-file", self.port_file] + list(args),
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log,
            env=dict(os.environ, **(env or {})))
        self.ports = wait_for_file(self.port_file, self.proc, script)
        self.port = self.ports["http"]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        self.log.close()
        os.unlink(self.port_file)

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def make_certs(folder):
    """The harness's test PKI in folder/certs; returns that path."""
    certs = os.path.join(folder, "certs")
    subprocess.run([os.path.join(ROOT, "tests", "harness", "make-certs"), certs],
                   check=True)
    return certs


def start_emulator(args=(), folder=None):
    return Process("tcss_emulator.py", ["--quiet"] + list(args), folder=folder)


class Client:
    """A minimal TC3 client over one keep-alive connection."""

    def __init__(self, port, host="127.0.0.1"):
        self.port = port
        self.host_header = "%s:%d" % (host, port)   # what is signed and sent
        self.conn = http.client.HTTPConnection(host, port, timeout=30)

    def close(self):
        self.conn.close()

    def raw(self, method, path, body=b"", headers=None):
        self.conn.request(method, path, body=body, headers=headers or {})
        resp = self.conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()

    def control(self, method, path, obj=None):
        body = json.dumps(obj).encode() if obj is not None else b""
        status, _, data = self.raw(method, "/__emulator/" + path, body)
        return status, json.loads(data)

    def signed_headers(self, body, action=ADD, secret_id=SECRET_ID,
                       secret_key=SECRET_KEY, token=None, timestamp=None,
                       content_type="application/json", version="2020-11-01",
                       service="tcss", sign_action=False, date=None):
        timestamp = int(time.time()) if timestamp is None else timestamp
        host = self.host_header
        signed = [("content-type", content_type), ("host", host)]
        if sign_action:
            signed.append(("x-tc-action", action))
        auth = tc3.authorization(secret_id, secret_key, service, timestamp,
                                 "POST", "", signed, body)
        if date is not None:  # a scope date that disagrees with the timestamp
            auth = auth.replace(tc3.utc_date(timestamp), date)
        headers = {"Content-Type": content_type, "Host": host,
                   "X-TC-Action": action, "X-TC-Version": version,
                   "X-TC-Timestamp": str(timestamp), "Authorization": auth}
        if token is not None:
            headers["X-TC-Token"] = token
        return headers

    def call(self, params, action=ADD, body=None, **kw):
        """Send a signed API request; returns the parsed "Response" object."""
        if body is None:
            body = json.dumps(params).encode("utf-8")
        headers = self.signed_headers(body, action=action, **kw)
        status, _, data = self.raw("POST", "/", body, headers)
        assert status == 200, (status, data)
        return json.loads(data)["Response"]


def registry(name="reg-1", **extra):
    params = {"Name": name, "Username": "admin", "Password": "s3cret-pw",
              "Url": "http://127.0.0.1:9", "RegistryType": "harbor",
              "NetType": "public"}
    params.update(extra)
    return params
