"""The `tcss` command's keyless and credential-source paths against the
emulator's STS and metadata listeners, as the ecosystem's tools set them up
(issues 20, 21, 22).

Each test method is one CTest test (`cli.keyless.<name without test_>`), run
under tests/harness/with-emulator. The helpers are test_cli.py's. What is
asserted is what a user and the service see: exit codes, output, and the
requests the emulator recorded on each listener (api, sts, metadata).
"""

import base64
import json
import os
import re
import subprocess
import sys
import threading
import time
import unittest
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "emulator"))
from test_cli import (CliTest, EXIT_OK, EXIT_AUTH, EXIT_RATE_LIMITED,  # noqa: E402
                      EXIT_NETWORK, EXIT_BAD_RESPONSE, emulator)
import github_oidc  # noqa: E402

SDK_REQUEST_CLIENT = re.compile(r"^[0-9a-zA-Z\-_ ,;.]+$")  # tencentcloud-sdk-go/-python
BASE_ID = "AKIDLIBTCSSEMULATOR0001"
BASE_KEY = "libtcss-emulator-secret-key-0001"
DEPLOY_ROLE = "qcs::cam::uin/100000000001:roleName/deploy"
GITHUB_ROLE = "qcs::cam::uin/100000000001:roleName/github-main"
GH_REQUEST_TOKEN = "ghs-REQUEST-TOKEN-7f3a9c1d2e4b5a6f"


def recorded(listener):
    return [r for r in emulator("/__emulator/requests")
            if r.get("listener", "api") == listener]


def pieces(secret, n=12):
    return {secret[i:i + n] for i in range(0, max(1, len(secret) - n + 1))}


class SlowProxy:
    """Forwards each HTTP request to `target` after `delay` seconds (a slow
    metadata service or STS); records how many it saw."""

    def __init__(self, target, delay):
        self.target, self.delay, self.count = target, delay, 0
        proxy = self
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def forward(self, method):
                proxy.count += 1
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                time.sleep(proxy.delay)
                req = urllib.request.Request(proxy.target + self.path, data=body or None,
                                             method=method)
                for k, v in self.headers.items():
                    if k.lower() not in ("host", "content-length", "connection"):
                        req.add_header(k, v)
                req.add_header("Host", self.headers.get("Host", ""))
                opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
                try:
                    with opener.open(req, timeout=30) as resp:
                        status, data, ctype = resp.status, resp.read(), resp.headers.get("Content-Type", "")
                except urllib.error.HTTPError as e:
                    status, data, ctype = e.code, e.read(), e.headers.get("Content-Type", "")
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                self.forward("GET")

            def do_POST(self):
                self.forward("POST")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class FixedSts:
    """An STS that always answers `status` with `body` (what the emulator's
    faults cannot send: InternalError with HTTP 503)."""

    def __init__(self, status, body):
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        sts = self
        self.count = 0

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                sts.count += 1
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class KeylessCliTest(CliTest):

    def mint(self, *args):
        out = subprocess.run([os.environ["TCSS_MINT_OIDC_TOKEN"], *args],
                             check=True, stdout=subprocess.PIPE, timeout=60)
        return out.stdout.decode().strip()

    def keyless(self, token=None, **extra):
        """Only keyless settings: no keys, no metadata, the harness's role."""
        env = {"TCSS_NO_METADATA": "1",
               "TENCENTCLOUD_ASSUME_ROLE_ARN": os.environ["TCSS_TEST_OIDC_ROLE_ARN"],
               "TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN": token or self.mint()}
        env.update(extra)
        return env

    def run_keyless(self, name, *args, env=None, unset=()):
        return self.add(name, *args, env=env,
                        unset=("TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY") + tuple(unset))

    def assert_no_secret(self, p, *secrets):
        text = p.out + p.err
        for s in secrets:
            for piece in pieces(s):
                self.assertNotIn(piece, text)

    # -- issue 22 ----------------------------------------------------------

    def test_sts_gets_a_region_and_a_request_client_the_sdks_accept(self):
        p = self.run_keyless("kl-region", env=self.keyless())
        self.assert_exit(p, EXIT_OK)
        (call,) = recorded("sts")
        self.assertEqual(call["headers"].get("x-tc-region"), "ap-guangzhou")
        self.assertRegex(call["headers"]["x-tc-requestclient"], SDK_REQUEST_CLIENT)
        emulator("/__emulator/reset", {})
        p = self.run_keyless("kl-region2", env=self.keyless(TENCENTCLOUD_REGION="ap-shanghai"))
        self.assert_exit(p, EXIT_OK)
        self.assertEqual(recorded("sts")[0]["headers"].get("x-tc-region"), "ap-shanghai")

    def test_session_token_under_tccli_and_terraform_names(self):
        temp_id = os.environ["TCSS_EMULATOR_TEMP_SECRET_ID"]
        temp_key = os.environ["TCSS_EMULATOR_TEMP_SECRET_KEY"]
        temp_token = os.environ["TCSS_EMULATOR_TEMP_TOKEN"]
        for i, name in enumerate(("TENCENTCLOUD_TOKEN", "TENCENTCLOUD_SECURITY_TOKEN")):
            env = {"TENCENTCLOUD_SECRET_ID": temp_id, "TENCENTCLOUD_SECRET_KEY": temp_key,
                   name: temp_token, "TCSS_NO_METADATA": "1"}
            p = self.add("kl-token-%d" % i, "--verbose", env=env)
            self.assert_exit(p, EXIT_OK)
            self.assertEqual(recorded("api")[-1]["headers"].get("x-tc-token"), temp_token)
            self.assertIn("session token from " + name, p.err)
            self.assert_no_secret(p, temp_key, temp_token)
        env = {"TENCENTCLOUD_SECRET_ID": temp_id, "TENCENTCLOUD_SECRET_KEY": temp_key,
               "TENCENTCLOUD_SESSION_TOKEN": temp_token,
               "TENCENTCLOUD_TOKEN": "another-session-token-0002"}
        before = len(recorded("api"))
        p = self.add("kl-token-clash", env=env)
        self.assert_exit(p, EXIT_AUTH)
        self.assertIn("TENCENTCLOUD_SESSION_TOKEN and TENCENTCLOUD_TOKEN", p.err)
        self.assert_no_secret(p, temp_token, "another-session-token-0002")
        self.assertEqual(len(recorded("api")), before)   # nothing was sent

    def test_a_configured_role_is_assumed_with_the_base_keys(self):
        emulator("/__emulator/sts", {"roles": {DEPLOY_ROLE: {"assumable_by": [BASE_ID]}}})
        env = {"TENCENTCLOUD_ASSUME_ROLE_ARN": DEPLOY_ROLE,
               "TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME": "tf-session",
               "TCSS_NO_METADATA": "1"}
        p = self.add("kl-assume", "--verbose", env=env)
        self.assert_exit(p, EXIT_OK)
        (call,) = recorded("sts")
        self.assertEqual(call["headers"]["x-tc-action"], "AssumeRole")
        self.assertEqual(call["headers"]["x-tc-version"], "2018-08-13")
        self.assertIn("Credential=%s/" % BASE_ID, call["headers"]["authorization"])
        self.assertIn("/sts/tc3_request", call["headers"]["authorization"])
        # The registration is signed with the role's keys, never the base ones.
        api = recorded("api")
        self.assertTrue(api)
        for r in api:
            self.assertNotIn(BASE_ID, r["headers"]["authorization"])
            self.assertIn("x-tc-token", r["headers"])
        issued = emulator("/__emulator/sts")["issued"]
        self.assertEqual([c["origin"] for c in issued],
                         ["sts-assume-role:%s:by:%s" % (DEPLOY_ROLE, BASE_ID)])
        self.assertIn("AssumeRole: role " + DEPLOY_ROLE, p.err)
        self.assert_no_secret(p, BASE_KEY)
        # A role that does not trust these keys: a refusal, exit 3.
        emulator("/__emulator/sts", {"roles": {DEPLOY_ROLE: {"assumable_by": ["AKIDSOMEONEELSE"]}}})
        p = self.add("kl-assume-2", env=env)
        self.assert_exit(p, EXIT_AUTH)
        self.assertIn("STS refused AssumeRole", p.err)
        self.assertIn("UnauthorizedOperation", p.err)

    def test_terraform_json_token_file(self):
        token = self.mint()
        for i, text in enumerate(('{"web_identity_token":"%s"}' % token,
                                  '{\n  "web_identity_token": "%s"\n}\n' % token)):
            path = os.path.join(self.tmp, "token-%d.json" % i)
            with open(path, "w") as f:
                f.write(text)
            env = self.keyless(TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE=path)
            del env["TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN"]
            p = self.run_keyless("kl-json-%d" % i, env=env)
            self.assert_exit(p, EXIT_OK)
            self.assert_no_secret(p, token)
        sent = [json.loads(base64.b64decode(r["body_b64"]))["WebIdentityToken"]
                for r in recorded("sts")]
        self.assertEqual(sent, [token, token])

    def test_credentials_file_variable_and_tccli_profiles(self):
        os.makedirs(os.path.join(self.home, ".tencentcloud"))
        with open(os.path.join(self.home, ".tencentcloud", "credentials"), "w") as f:
            f.write("[default]\nsecret_id = %s\nsecret_key = wrong-key-of-another-account\n" % BASE_ID)
        named = os.path.join(self.tmp, "ci-credentials.ini")
        with open(named, "w") as f:
            f.write("[default]\nsecret_id = %s\nsecret_key = %s\n" % (BASE_ID, BASE_KEY))
        unset = ("TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY")
        p = self.add("kl-file-home", env={"TCSS_NO_METADATA": "1"}, unset=unset)
        self.assert_exit(p, EXIT_AUTH)   # the home file's (wrong) key
        p = self.add("kl-file-named", env={"TCSS_NO_METADATA": "1",
                                           "TENCENTCLOUD_CREDENTIALS_FILE": named}, unset=unset)
        self.assert_exit(p, EXIT_OK)
        os.makedirs(os.path.join(self.home, ".tccli"))
        with open(os.path.join(self.home, ".tccli", "ci.credential"), "w") as f:
            json.dump({"secretId": BASE_ID, "secretKey": BASE_KEY}, f, indent=4)
        p = self.add("kl-tccli", "--verbose", env={"TCSS_NO_METADATA": "1",
                                                   "TENCENTCLOUD_PROFILE": "ci"}, unset=unset)
        self.assert_exit(p, EXIT_OK)
        self.assertIn(".tccli/ci.credential", p.err)
        self.assert_no_secret(p, BASE_KEY)

    def test_a_slow_metadata_service_is_waited_for(self):
        emulator("/__emulator/metadata", {"role": "tcss-cvm-slow"})
        proxy = SlowProxy(os.environ["TCSS_METADATA_ENDPOINT"], 1.2)
        self.addCleanup(proxy.close)
        start = time.monotonic()
        p = self.add("kl-slow-metadata", env={"TCSS_METADATA_ENDPOINT": proxy.url},
                     unset=("TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY"))
        self.assert_exit(p, EXIT_OK)
        self.assertGreaterEqual(proxy.count, 2)
        self.assertGreaterEqual(time.monotonic() - start, 2.4)

    # -- issue 21 ----------------------------------------------------------

    def sts_fault(self, **spec):
        emulator("/__emulator/faults", dict(spec, target="sts"))

    def test_transient_sts_failures_are_retried(self):
        for i, fault in enumerate(({"mode": "5xx", "status": 502}, {"mode": "internal_error"},
                                   {"mode": "ratelimit"}, {"mode": "reset"})):
            emulator("/__emulator/reset", {})
            self.sts_fault(**fault)
            p = self.run_keyless("kl-transient-%d" % i, env=self.keyless())
            self.assert_exit(p, EXIT_OK)
            self.assertEqual(len(recorded("sts")), 2, fault)

    def test_persistent_sts_failures_have_their_class(self):
        token = self.mint()
        for mode, code in (("5xx", EXIT_BAD_RESPONSE), ("internal_error", EXIT_BAD_RESPONSE),
                           ("ratelimit", EXIT_RATE_LIMITED), ("reset", EXIT_NETWORK)):
            emulator("/__emulator/reset", {})
            self.sts_fault(mode=mode, count=20)
            p = self.run_keyless("kl-persist-" + mode, "--timeout", "20", env=self.keyless(token))
            self.assert_exit(p, code)
            self.assertNotIn("refused", p.err)
            self.assertEqual(len(recorded("sts")), 3, mode)   # TCSS_DEFAULT_MAX_ATTEMPTS
            self.assertEqual(recorded("api"), [])
            self.assert_no_secret(p, token)
        # InternalError with HTTP 503.
        fixed = FixedSts(503, {"Response": {"Error": {"Code": "InternalError", "Message": "busy"},
                                            "RequestId": "r-503"}})
        self.addCleanup(fixed.close)
        p = self.run_keyless("kl-persist-503", env=self.keyless(token, TCSS_STS_ENDPOINT=fixed.url))
        self.assert_exit(p, EXIT_BAD_RESPONSE)
        self.assertEqual(fixed.count, 3)
        # A real refusal: exit 3 after one request.
        emulator("/__emulator/reset", {})
        p = self.run_keyless("kl-refused", env=self.keyless(
            token, TENCENTCLOUD_ASSUME_ROLE_ARN=os.environ["TCSS_TEST_OIDC_OTHER_ROLE_ARN"]))
        self.assert_exit(p, EXIT_AUTH)
        self.assertIn("STS refused the web identity", p.err)
        self.assertEqual(len(recorded("sts")), 1)

    def test_token_segments_are_masked_in_sts_errors(self):
        token = self.mint()
        header, payload, signature = token.split(".")
        message = ("bad token: payload=%s sig=%s piece=%s" %
                   (payload, signature, header[5:19]))
        self.sts_fault(mode="error", code="InvalidParameter.WebIdentityTokenError",
                       message=message, count=3)
        for fmt in ("text", "json"):
            p = self.run_keyless("kl-mask-" + fmt, "--output", fmt, "--verbose",
                                 env=self.keyless(token))
            self.assert_exit(p, EXIT_AUTH)
            self.assertIn("bad token: payload=********", p.out + p.err)
            self.assert_no_secret(p, token)
            for part in (header, payload, signature):
                self.assertNotIn(part, p.out + p.err)

    def test_dry_run_with_keyless_settings_sends_nothing(self):
        token = self.mint()
        p = self.run_keyless("kl-dry", "--dry-run", env=self.keyless(token))
        self.assertEqual(recorded("sts"), [])
        emulator("/__emulator/metadata", {"role": "tcss-cvm-dry"})
        p = self.add("kl-dry-cvm", "--dry-run",
                     unset=("TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY"))
        self.assert_exit(p, EXIT_OK)
        self.assertEqual(recorded("metadata"), [])
        self.assertEqual(recorded("sts"), [])

    # Issue 21 item 2: the client is made without asking STS; the first
    # call's exchange (1.8 s here) and its hanging request share --timeout 2.
    # Before, the exchange ran when the client was made and the call then had
    # its whole 2 s: 3.8 s in all.
    def test_sts_counts_against_the_call_deadline(self):
        proxy = SlowProxy(os.environ["TCSS_STS_ENDPOINT"], 1.8)
        self.addCleanup(proxy.close)
        emulator("/__emulator/faults", {"mode": "hang", "hang_seconds": 30})
        start = time.monotonic()
        p = self.run_keyless("kl-deadline", "--timeout", "2",
                             env=self.keyless(TCSS_STS_ENDPOINT=proxy.url))
        elapsed = time.monotonic() - start
        self.assert_exit(p, EXIT_NETWORK)
        self.assertIn("timeout", (p.out + p.err).lower())
        self.assertEqual(proxy.count, 1)
        self.assertEqual(len(recorded("api")), 1)   # the exchange left time for the request
        self.assertLess(elapsed, 2.7)

    # -- issue 20: GitHub Actions ------------------------------------------

    def github_env(self, endpoint, **extra):
        env = {"GITHUB_ACTIONS": "true", "GITHUB_RUN_ID": "4242", "CI": "true",
               "ACTIONS_ID_TOKEN_REQUEST_URL": endpoint.url,
               "ACTIONS_ID_TOKEN_REQUEST_TOKEN": GH_REQUEST_TOKEN,
               "TENCENTCLOUD_ASSUME_ROLE_ARN": GITHUB_ROLE,
               "TENCENTCLOUD_ASSUME_ROLE_PROVIDER_ID": "GITHUB",
               "TCSS_NO_METADATA": "1"}
        env.update(extra)
        return env

    def github_sts(self):
        emulator("/__emulator/sts", {
            "providers": {"GITHUB": {"issuer": github_oidc.GITHUB_ISSUER,
                                     "audience": "sts.tencentcloudapi.com",
                                     "key_file": os.environ["TCSS_TEST_OIDC_KEY"],
                                     "kid": os.environ["TCSS_TEST_OIDC_KID"]}},
            "roles": {GITHUB_ROLE: {"provider": "GITHUB",
                                    "sub": "repo:acme/app:ref:refs/heads/main"}}})

    def test_github_actions_oidc_token(self):
        self.github_sts()
        ep = github_oidc.TokenEndpoint(GH_REQUEST_TOKEN)
        self.addCleanup(ep.close)
        for fmt in ("text", "json"):
            p = self.run_keyless("kl-gh-" + fmt, "--verbose", "--output", fmt,
                                 env=self.github_env(ep))
            self.assert_exit(p, EXIT_OK)
            self.assertIn("GitHub Actions", p.err)
            self.assert_no_secret(p, GH_REQUEST_TOKEN, *ep.issued)
        self.assertEqual([(r["authorization"], r["audience"], r["api_version"]) for r in ep.requests],
                         [("bearer " + GH_REQUEST_TOKEN, ["sts.tencentcloudapi.com"], ["2.0"])] * 2)
        sts_calls = recorded("sts")
        self.assertEqual(len(sts_calls), 2)
        body = json.loads(base64.b64decode(sts_calls[0]["body_b64"]))
        self.assertEqual(body["WebIdentityToken"], ep.issued[0])
        self.assertEqual(body["RoleSessionName"], "tcss-4242")
        self.assertEqual(sts_calls[0]["headers"]["authorization"], "SKIP")

    def test_github_actions_refusals(self):
        self.github_sts()
        ep = github_oidc.TokenEndpoint("the-right-request-token-0001")
        self.addCleanup(ep.close)
        p = self.run_keyless("kl-gh-bearer", env=self.github_env(ep))
        self.assert_exit(p, EXIT_AUTH)
        self.assertIn("id-token: write", p.err)
        self.assertEqual(recorded("sts"), [])
        self.assert_no_secret(p, GH_REQUEST_TOKEN)
        # Another audience: GitHub signs it, STS refuses it.
        ep.request_token = GH_REQUEST_TOKEN
        p = self.run_keyless("kl-gh-aud", env=self.github_env(ep, TCSS_OIDC_AUDIENCE="api://other"))
        self.assert_exit(p, EXIT_AUTH)
        self.assertEqual(ep.requests[-1]["audience"], ["api://other"])
        self.assertIn("audience", p.err)
        self.assert_no_secret(p, GH_REQUEST_TOKEN, *ep.issued)
        # A branch the role does not allow.
        ep.sub = "repo:acme/app:ref:refs/heads/feature"
        p = self.run_keyless("kl-gh-sub", env=self.github_env(ep))
        self.assert_exit(p, EXIT_AUTH)
        self.assertIn("UnauthorizedOperation", p.err)


if __name__ == "__main__":
    unittest.main()
