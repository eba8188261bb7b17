"""tests/harness/with-emulator and make-certs, end to end."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import unittest

import support

WITH_EMULATOR = os.path.join(support.ROOT, "tests", "harness", "with-emulator")

# Runs inside with-emulator: checks the environment and every listener.
PROBE = textwrap.dedent(r"""
    import base64, json, os, socket, ssl, sys, urllib.request
    env = os.environ
    out = {"env": {k: v for k, v in env.items()
                   if k.startswith(("TCSS_", "TENCENTCLOUD_"))}}
    def tls(url):
        host, port = url[len("https://"):].rsplit(":", 1)
        ctx = ssl.create_default_context(cafile=env["TCSS_TEST_CA"])
        try:
            with socket.create_connection((host, int(port)), timeout=10) as s:
                with ctx.wrap_socket(s, server_hostname=host):
                    return "ok"
        except ssl.SSLCertVerificationError as e:
            return e.verify_message
    for name in ("TCSS_TLS_ENDPOINT", "TCSS_TLS_WRONG_HOST_ENDPOINT",
                 "TCSS_TLS_UNTRUSTED_ENDPOINT", "TCSS_TLS_EXPIRED_ENDPOINT"):
        out[name] = tls(env[name])
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    cred = base64.b64encode(("%s:%s" % (env["TCSS_MOCK_REGISTRY_USER"],
        env["TCSS_MOCK_REGISTRY_PASSWORD"])).encode()).decode()
    req = urllib.request.Request(env["TCSS_MOCK_REGISTRY"] + "/v2/",
                                 headers={"Authorization": "Basic " + cred})
    out["registry"] = opener.open(req, timeout=10).status
    req = urllib.request.Request(env["TCSS_EMULATOR"] + "/__emulator/config",
                                 data=b"{}", method="POST")
    out["config"] = json.load(opener.open(req, timeout=10))
    req = urllib.request.Request(env["TCSS_MOCK_REGISTRY"] + "/v2/_catalog",
                                 headers={"Authorization": "Basic " + cred})
    out["catalog"] = json.load(opener.open(req, timeout=10))["repositories"]
    print(json.dumps(out))
    sys.exit(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
""")


class WithEmulator(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tcss-harness-test-")
        # Certificates into a folder of this test's own (not the build tree).
        self.env = dict(os.environ, TMPDIR=self.tmp,
                        TCSS_TEST_CERTS_DIR=os.path.join(self.tmp, "certs"))

    def tearDown(self):
        subprocess.run(["rm", "-rf", self.tmp], check=True)

    def run_probe(self, *options, status=0):
        proc = subprocess.run(
            [WITH_EMULATOR, *options, "--", sys.executable, "-c", PROBE, str(status)],
            env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        return proc

    def leftovers(self):
        return [n for n in os.listdir(self.tmp) if n.startswith("tcss-emulator.")]

    def test_environment_listeners_and_cleanup(self):
        proc = self.run_probe()
        self.assertEqual(proc.returncode, 0, proc.stderr)
        out = json.loads(proc.stdout)
        env = out["env"]
        self.assertRegex(env["TCSS_ENDPOINT"], r"^http://127\.0\.0\.1:\d+$")
        self.assertEqual(env["TCSS_EMULATOR"], env["TCSS_ENDPOINT"])
        self.assertRegex(env["TCSS_MOCK_REGISTRY"], r"^http://127\.0\.0\.1:\d+$")
        self.assertEqual(env["TENCENTCLOUD_SECRET_ID"], support.SECRET_ID)
        self.assertEqual(env["TENCENTCLOUD_SECRET_KEY"], support.SECRET_KEY)
        self.assertEqual(env["TCSS_EMULATOR_TEMP_SECRET_ID"], support.TEMP_ID)
        self.assertEqual(env["TCSS_EMULATOR_TEMP_SECRET_KEY"], support.TEMP_KEY)
        self.assertEqual(env["TCSS_EMULATOR_TEMP_TOKEN"], support.TEMP_TOKEN)
        self.assertEqual(env["TCSS_TEST_CERTS"], os.path.join(self.tmp, "certs"))
        self.assertEqual(env["TCSS_TEST_CA"], os.path.join(self.tmp, "certs", "ca.pem"))
        self.assertTrue(env["TCSS_MOCK_REGISTRY_PASSWORD"])
        self.assertIn("TCSS_EMULATOR_STATE", env)
        ports = set()
        for name in ("TCSS_TLS_ENDPOINT", "TCSS_TLS_WRONG_HOST_ENDPOINT",
                     "TCSS_TLS_UNTRUSTED_ENDPOINT", "TCSS_TLS_EXPIRED_ENDPOINT"):
            self.assertRegex(env[name], r"^https://localhost:\d+$")
            ports.add(env[name])
        self.assertEqual(len(ports), 4)
        self.assertEqual(out["TCSS_TLS_ENDPOINT"], "ok")
        self.assertIn("Hostname mismatch", out["TCSS_TLS_WRONG_HOST_ENDPOINT"])
        self.assertEqual(out["TCSS_TLS_UNTRUSTED_ENDPOINT"],
                         "unable to get local issuer certificate")
        self.assertEqual(out["TCSS_TLS_EXPIRED_ENDPOINT"], "certificate has expired")
        self.assertEqual(out["registry"], 200)
        self.assertEqual(out["catalog"], [])
        self.assertEqual(out["config"]["rate_limit"], 20)
        self.assertEqual(out["config"]["rate_window"], "fixed")
        self.assertEqual(self.leftovers(), [])
        self.assertFalse(os.path.exists(env["TCSS_EMULATOR_STATE"]))

    def test_exit_status_rate_limit_and_kept_state(self):
        state = os.path.join(self.tmp, "kept.json")
        proc = self.run_probe("--rate-limit", "7", "--state", state, status=5)
        self.assertEqual(proc.returncode, 5, proc.stderr)
        out = json.loads(proc.stdout)
        self.assertEqual(out["config"]["rate_limit"], 7)
        self.assertEqual(out["config"]["rate_window"], "fixed")
        self.assertEqual(out["env"]["TCSS_EMULATOR_STATE"], state)
        self.assertTrue(os.path.exists(state))   # reset wrote it; the user keeps it
        self.assertEqual(self.leftovers(), [])

    def test_rate_window(self):
        for options, window in ((["--rate-window", "sliding"], "sliding"),
                                (["--rate-window=fixed"], "fixed")):
            with self.subTest(options=options):
                proc = self.run_probe("--rate-limit", "5", *options)
                self.assertEqual(proc.returncode, 0, proc.stderr)
                config = json.loads(proc.stdout)["config"]
                self.assertEqual((config["rate_limit"], config["rate_window"]), (5, window))

    def test_switches_and_catalogue_at_start(self):
        config = os.path.join(self.tmp, "config.json")
        catalog = os.path.join(self.tmp, "catalog.json")
        with open(config, "w") as f:
            json.dump({"scan_seconds": 0.5, "detail_password": "omitted"}, f)
        with open(catalog, "w") as f:
            json.dump({"images": [{"repository": "team/app", "tag": "1.0"}]}, f)
        proc = self.run_probe("--config", config, "--catalog=" + catalog)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        out = json.loads(proc.stdout)
        self.assertEqual((out["config"]["scan_seconds"], out["config"]["detail_password"]),
                         (0.5, "omitted"))
        self.assertEqual(out["catalog"], ["team/app"])
        with open(config, "w") as f:
            json.dump({"scan_seconds": "slow"}, f)
        self.assertEqual(self.run_probe("--config", config).returncode, 1)

    def test_usage_errors(self):
        for args in ([], ["--rate-limit", "x", "--", "true"], ["--bogus", "--", "true"],
                     ["--rate-window", "leaky", "--", "true"], ["--rate-window"],
                     ["--config", "/nonexistent.json", "--", "true"],
                     ["--catalog"]):
            with self.subTest(args=args):
                proc = subprocess.run([WITH_EMULATOR, *args], env=self.env,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                self.assertEqual(proc.returncode, 2)

    def test_a_signal_stops_everything(self):
        proc = subprocess.Popen(
            [WITH_EMULATOR, "--", "sh", "-c", 'echo "$TCSS_ENDPOINT"; exec sleep 300'],
            env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        endpoint = proc.stdout.readline().strip()
        self.assertTrue(endpoint.startswith("http://127.0.0.1:"))
        proc.send_signal(signal.SIGTERM)
        self.assertEqual(proc.wait(30), 143)
        proc.stdout.close()
        proc.stderr.close()
        self.assertEqual(self.leftovers(), [])
        port = int(re.search(r":(\d+)$", endpoint).group(1))
        with self.assertRaises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=5).close()


class MakeCerts(unittest.TestCase):
    def test_concurrent_runs_make_one_consistent_set(self):
        with tempfile.TemporaryDirectory() as tmp:
            script = os.path.join(support.ROOT, "tests", "harness", "make-certs")
            procs = [subprocess.Popen([script, tmp]) for _ in range(4)]
            self.assertEqual([p.wait(60) for p in procs], [0] * 4)
            for leaf in ("server", "wrong-host", "expired"):
                r = subprocess.run(["openssl", "verify", "-no_check_time", "-CAfile",
                                    os.path.join(tmp, "ca.pem"),
                                    os.path.join(tmp, leaf + ".pem")],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                self.assertEqual(r.returncode, 0, r.stdout)
            r = subprocess.run(["openssl", "verify", "-CAfile", os.path.join(tmp, "ca.pem"),
                                os.path.join(tmp, "untrusted.pem")],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            self.assertNotEqual(r.returncode, 0)
            before = os.stat(os.path.join(tmp, "server.pem")).st_mtime_ns
            subprocess.run([script, tmp], check=True)
            self.assertEqual(os.stat(os.path.join(tmp, "server.pem")).st_mtime_ns, before)


if __name__ == "__main__":
    unittest.main()
