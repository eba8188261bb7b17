"""STS AssumeRoleWithWebIdentity, the CVM metadata service, and the temporary
credentials both hand out (accepted by TCSS until they expire)."""

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest

import support

import sts  # noqa: E402  (support put tests/emulator on sys.path)

MINT = os.path.join(support.ROOT, "tests", "harness", "mint-oidc-token")
WITH_EMULATOR = os.path.join(support.ROOT, "tests", "harness", "with-emulator")
ISSUER = "https://oidc.example.test"
AUDIENCE = "sts.tencentcloudapi.com"
KID = "test-kid-1"
SUB = "project_path:grp/app:ref_type:branch:ref:main"
ROLE = "qcs::cam::uin/100000000001:roleName/ci"
OTHER_ROLE = "qcs::cam::uin/100000000001:roleName/release"
WILD_ROLE = "qcs::cam::uin/100000000001:roleName/any-branch"
ALIEN_ROLE = "qcs::cam::uin/100000000001:roleName/alien"
T0 = 1_800_000_000   # the emulator's fixed clock in most tests
WEB_IDENTITY_ERROR = "InvalidParameter.WebIdentityTokenError"


def mint(*args, key=None, now=T0):
    """A token with the test provider's claims, each replaced when args name it."""
    cmd = [MINT, "--key", key, "--now", str(now)]
    for option, value in (("--kid", KID), ("--iss", ISSUER), ("--aud", AUDIENCE),
                          ("--sub", SUB)):
        if option not in args:
            cmd += [option, value]
    cmd += list(args)
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE,
                          env=dict(os.environ, TCSS_TEST_OIDC_AUDIENCE=""),
                          ).stdout.decode().strip()


class Keys:
    """Two key pairs made once per test module: the trusted one and a stranger."""
    folder = None

    @classmethod
    def get(cls):
        if cls.folder is None:
            cls.folder = tempfile.mkdtemp(prefix="tcss-sts-keys-")
            for name in ("trusted", "stranger"):
                subprocess.run([MINT, "--genkey", cls.path(name)], check=True)
        return cls

    @classmethod
    def path(cls, name):
        return os.path.join(cls.folder, name + ".pem")

    @classmethod
    def jwks(cls, name="trusted", kid=KID):
        out = subprocess.run([MINT, "--jwks", "--key", cls.path(name), "--kid", kid],
                             check=True, stdout=subprocess.PIPE).stdout
        return json.loads(out)


def tearDownModule():
    if Keys.folder:
        shutil.rmtree(Keys.folder, ignore_errors=True)


def sts_config(lifetime=None):
    keys = Keys.get()
    return {
        "providers": {
            "OIDC": {"issuer": ISSUER, "audience": AUDIENCE, "jwks": keys.jwks()},
            "OTHER": {"issuer": "https://other.example.test", "audience": AUDIENCE,
                      "jwks": keys.jwks("stranger")}},
        "roles": {
            ROLE: {"provider": "OIDC", "sub": SUB},
            OTHER_ROLE: {"provider": "OIDC",
                         "sub": "project_path:grp/app:ref_type:branch:ref:release"},
            WILD_ROLE: {"provider": "OIDC",
                        "sub": ["project_path:grp/app:ref_type:branch:ref:*"]},
            ALIEN_ROLE: {"provider": "OTHER"}},
        "lifetime_seconds": lifetime}


class StsClient:
    """Plays the official SDKs' unsigned AssumeRoleWithWebIdentity call."""

    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def close(self):
        self.conn.close()

    def call(self, params, headers=None, drop=(), body=None):
        h = {"Content-Type": "application/json", "Host": "sts.tencentcloudapi.com",
             "Authorization": "SKIP", "X-TC-Action": "AssumeRoleWithWebIdentity",
             "X-TC-Version": "2018-08-13", "X-TC-Timestamp": str(int(time.time())),
             "X-TC-Region": "ap-guangzhou"}
        h.update(headers or {})
        for name in drop:
            del h[name]
        if body is None:
            body = json.dumps(params).encode()
        self.conn.request("POST", "/", body=body, headers=h)
        resp = self.conn.getresponse()
        data = resp.read()
        assert resp.status == 200, (resp.status, data)
        return json.loads(data)["Response"]


def params(token, role=ROLE, **extra):
    p = {"ProviderId": "OIDC", "WebIdentityToken": token, "RoleArn": role,
         "RoleSessionName": "tcss-ci-job-42", "DurationSeconds": 3600}
    p.update(extra)
    return p


class StsCase(unittest.TestCase):
    lifetime = None

    @classmethod
    def setUpClass(cls):
        cls.keys = Keys.get()
        cls.folder = tempfile.mkdtemp(prefix="tcss-sts-test-")
        config = os.path.join(cls.folder, "sts.json")
        with open(config, "w") as f:
            json.dump(sts_config(cls.lifetime), f)
        cls.emu = support.start_emulator(["--sts-config", config], folder=cls.folder)
        cls.sts_port = cls.emu.ports["sts"]
        cls.metadata_port = cls.emu.ports["metadata"]

    @classmethod
    def tearDownClass(cls):
        cls.emu.cleanup()

    def setUp(self):
        self.api = support.Client(self.emu.port)
        self.sts = StsClient(self.sts_port)
        self.api.control("POST", "reset")
        self.set_clock(T0)

    def tearDown(self):
        self.api.control("POST", "reset")
        self.api.control("POST", "config", {"clock": None})
        self.api.close()
        self.sts.close()

    def set_clock(self, t):
        status, _ = self.api.control("POST", "config", {"clock": t})
        self.assertEqual(status, 200)

    def token(self, *args, key="trusted", now=T0):
        return mint(*args, key=self.keys.path(key), now=now)

    def assume(self, *mint_args, role=ROLE, **extra):
        return self.sts.call(params(self.token(*mint_args), role=role, **extra))

    def assert_code(self, response, code, in_message=None):
        self.assertIn("Error", response, response)
        self.assertEqual(response["Error"]["Code"], code, response)
        self.assertRegex(response["RequestId"], r"^[0-9a-f-]{36}$")
        if in_message:
            self.assertIn(in_message, response["Error"]["Message"])

    def register(self, cred, name="keyless-1", timestamp=T0):
        """AddAssetImageRegistryRegistryDetail signed with a temporary key."""
        return self.api.call(support.registry(name),
                             secret_id=cred["TmpSecretId"],
                             secret_key=cred["TmpSecretKey"],
                             token=cred["Token"], timestamp=timestamp)


class WebIdentity(StsCase):
    def test_a_valid_token_gets_credentials_that_register(self):
        r = self.assume()
        self.assertNotIn("Error", r)
        cred = r["Credentials"]
        self.assertEqual(set(cred), {"Token", "TmpSecretId", "TmpSecretKey"})
        self.assertRegex(cred["TmpSecretId"], r"^AKID[A-Za-z0-9]{32}$")
        self.assertEqual(r["ExpiredTime"], T0 + 3600)   # DurationSeconds
        self.assertEqual(r["Expiration"],
                         time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(T0 + 3600)))
        self.assertRegex(r["RequestId"], r"^[0-9a-f-]{36}$")
        reg = self.register(cred)
        self.assertNotIn("Error", reg)
        self.assertEqual(reg["RegistryId"], 1)
        # Every exchange hands out a different credential.
        self.assertNotEqual(self.assume()["Credentials"]["TmpSecretId"],
                            cred["TmpSecretId"])
        # The requests are recorded with the listener they came in on.
        listeners = [r["listener"] for r in self.api.control("GET", "requests")[1]]
        self.assertEqual(listeners, ["sts", "api", "sts"])

    def test_the_temporary_key_and_its_token_must_go_together(self):
        cred = self.assume()["Credentials"]
        r = self.api.call(support.registry(), secret_id=cred["TmpSecretId"],
                          secret_key=cred["TmpSecretKey"], token="wrong",
                          timestamp=T0)
        self.assert_code(r, "AuthFailure.TokenFailure")
        r = self.api.call(support.registry(), secret_id=cred["TmpSecretId"],
                          secret_key=cred["TmpSecretKey"], timestamp=T0)
        self.assert_code(r, "AuthFailure.TokenFailure")
        r = self.api.call(support.registry(), secret_id=cred["TmpSecretId"],
                          secret_key="not-the-key", token=cred["Token"],
                          timestamp=T0)
        self.assert_code(r, "AuthFailure.SignatureFailure")

    def test_duration_defaults_to_7200_and_accepts_the_docs_string_form(self):
        tok = self.token()
        p = params(tok)
        del p["DurationSeconds"]
        self.assertEqual(self.sts.call(p)["ExpiredTime"], T0 + 7200)
        self.assertEqual(self.sts.call(params(tok, DurationSeconds="5000"))
                         ["ExpiredTime"], T0 + 5000)
        self.assertEqual(self.sts.call(params(tok, DurationSeconds=43200))
                         ["ExpiredTime"], T0 + 43200)

    def test_wrong_audience(self):
        self.assert_code(self.assume("--aud", "someone-else"),
                         WEB_IDENTITY_ERROR, "audience")
        # An array that holds the audience is fine.
        self.assertNotIn("Error", self.assume("--aud", "x", "--aud", AUDIENCE))
        self.assert_code(self.assume("--aud", "x", "--aud", "y"), WEB_IDENTITY_ERROR)

    def test_expired_and_not_yet_valid(self):
        self.assert_code(self.assume("--exp", str(T0)), WEB_IDENTITY_ERROR, "expired")
        self.assert_code(self.assume("--exp", "-1"), WEB_IDENTITY_ERROR, "expired")
        self.assert_code(self.assume("--no-exp"), WEB_IDENTITY_ERROR, "exp")
        self.assertNotIn("Error", self.assume("--exp", str(T0 + 1)))
        self.assert_code(self.assume("--nbf", "+5"), WEB_IDENTITY_ERROR, "nbf")
        self.assertNotIn("Error", self.assume("--nbf", str(T0)))
        # The emulator's clock decides: the same token expires when it moves.
        tok = self.token("--exp", "+60")
        self.assertNotIn("Error", self.sts.call(params(tok)))
        self.set_clock(T0 + 60)
        self.assert_code(self.sts.call(params(tok)), WEB_IDENTITY_ERROR, "expired")

    def test_foreign_issuer(self):
        self.assert_code(self.assume("--iss", "https://evil.example.test"),
                         WEB_IDENTITY_ERROR, "issuer")
        # The other provider's issuer with our key and provider: refused too.
        self.assert_code(self.assume("--iss", "https://other.example.test"),
                         WEB_IDENTITY_ERROR, "issuer")

    def test_bad_signatures(self):
        self.assert_code(self.assume("--bad-signature"), WEB_IDENTITY_ERROR,
                         "signature")
        # A well-formed token from a key the provider does not hold.
        r = self.sts.call(params(self.token(key="stranger")))
        self.assert_code(r, WEB_IDENTITY_ERROR, "signature")
        # A payload changed after signing.
        head, body, sig = self.token().split(".")
        claims = json.loads(sts.b64url_decode(body))
        claims["sub"] = "project_path:grp/app:ref_type:branch:ref:release"
        forged = ".".join([head, sts.base64.urlsafe_b64encode(
            json.dumps(claims).encode()).rstrip(b"=").decode(), sig])
        self.assert_code(self.sts.call(params(forged, role=OTHER_ROLE)),
                         WEB_IDENTITY_ERROR, "signature")

    def test_kid_and_alg(self):
        tok = mint("--kid", "unknown-kid", key=self.keys.path("trusted"))
        self.assert_code(self.sts.call(params(tok)), WEB_IDENTITY_ERROR, "kid")
        tok = mint("--kid", "", key=self.keys.path("trusted"))   # no kid: try all
        self.assertNotIn("Error", self.sts.call(params(tok)))
        for alg in ("none", "HS256", "RS512"):
            self.assert_code(self.assume("--alg", alg), WEB_IDENTITY_ERROR, "alg")

    def test_malformed_tokens(self):
        for bad in ("", "abc", "a.b", "a.b.c", "a.b.c.d", "!!.??.**",
                    self.token() + "x!", "e30.e30.AAAA"):
            p = params(bad)
            r = self.sts.call(p)
            code = ("InvalidParameter.ParamError" if bad == ""
                    else WEB_IDENTITY_ERROR)
            self.assert_code(r, code)

    def test_sub_condition(self):
        self.assert_code(self.assume(role=OTHER_ROLE), "UnauthorizedOperation", "sub")
        self.assertNotIn("Error", self.assume(role=WILD_ROLE))
        self.assert_code(self.assume("--sub", "project_path:grp/app:ref_type:tag:ref:v1",
                                     role=WILD_ROLE), "UnauthorizedOperation")
        self.assert_code(self.assume("--sub", "project_path:grp/app:ref_type:branch:ref:mainx"),
                         "UnauthorizedOperation")

    def test_role_and_provider(self):
        self.assert_code(self.assume(role="qcs::cam::uin/1:roleName/nobody"),
                         "ResourceNotFound.RoleNotFound")
        self.assert_code(self.assume(ProviderId="NOPE"),
                         "InvalidParameter.ParamError", "NOPE")
        # A role that trusts another provider.
        self.assert_code(self.assume(role=ALIEN_ROLE), "UnauthorizedOperation")

    def test_parameters(self):
        tok = self.token()
        for name in ("ProviderId", "WebIdentityToken", "RoleArn", "RoleSessionName"):
            p = params(tok)
            del p[name]
            self.assert_code(self.sts.call(p), "InvalidParameter.ParamError", name)
        for bad in (0, -1, 43201, "abc", 1.5, True):
            self.assert_code(self.sts.call(params(tok, DurationSeconds=bad)),
                             "InvalidParameter.ParamError", "DurationSeconds")
        for bad in ("x", "has space", "a" * 129, "semi;colon"):
            self.assert_code(self.sts.call(params(tok, RoleSessionName=bad)),
                             "InvalidParameter.ParamError", "RoleSessionName")
        self.assert_code(self.sts.call(params(tok, Policy="{}")), "UnknownParameter")
        self.assert_code(self.sts.call(None, body=b"[1]"),
                         "InvalidParameter.InvalidFormat")

    def test_the_request_is_sent_unsigned(self):
        tok = self.token()
        self.assertNotIn("Error", self.sts.call(params(tok), drop=("Authorization",)))
        r = self.sts.call(params(tok), headers={
            "Authorization": "TC3-HMAC-SHA256 Credential=AKIDX/2026-01-01/sts/"
                             "tc3_request, SignedHeaders=content-type;host, "
                             "Signature=" + "0" * 64})
        self.assert_code(r, "AuthFailure.InvalidAuthorization", "SKIP")
        self.assert_code(self.sts.call(params(tok), headers={"X-TC-Version": "2020-11-01"}),
                         "NoSuchVersion")
        self.assert_code(self.sts.call(params(tok), headers={"X-TC-Action": "AssumeRoleWithSAML"}),
                         "InvalidAction")
        # AssumeRole is signed: sent with SKIP it is refused.
        self.assert_code(self.sts.call(params(tok), headers={"X-TC-Action": "AssumeRole"}),
                         "AuthFailure.InvalidAuthorization")
        self.assert_code(self.sts.call(params(tok), drop=("X-TC-Timestamp",)),
                         "MissingParameter")
        self.assert_code(self.sts.call(params(tok), headers={"Content-Type": "text/plain"}),
                         "InvalidParameter")

    def test_the_listeners_do_not_mix(self):
        # TCSS's action on the STS listener, STS's on the TCSS listener.
        r = self.sts.call(support.registry(), headers={
            "X-TC-Action": support.ADD, "X-TC-Version": "2020-11-01"})
        self.assert_code(r, "InvalidAction")
        body = json.dumps(params(self.token())).encode()
        headers = self.api.signed_headers(body, action="AssumeRoleWithWebIdentity",
                                          timestamp=T0)
        status, _, data = self.api.raw("POST", "/", body, headers)
        self.assert_code(json.loads(data)["Response"], "InvalidAction")
        # No control API on the STS listener.
        conn = http.client.HTTPConnection("127.0.0.1", self.sts_port, timeout=10)
        conn.request("GET", "/__emulator/state")
        self.assertEqual(conn.getresponse().status, 404)
        conn.close()

    def test_faults_can_target_sts(self):
        status, _ = self.api.control("POST", "faults", {
            "mode": "error", "target": "sts", "code": "InternalError.SystemError",
            "message": "down"})
        self.assertEqual(status, 200)
        # The TCSS listener does not take the STS fault...
        cred_less = self.api.call(support.registry(), timestamp=T0)
        self.assertNotIn("Error", cred_less)
        # ...the STS one does, once.
        self.assert_code(self.assume(), "InternalError.SystemError")
        self.assertNotIn("Error", self.assume())
        status, out = self.api.control("POST", "faults", {"mode": "5xx", "target": "x"})
        self.assertEqual(status, 400)
        self.assertIn("target", out["error"])


class TemporaryCredentials(StsCase):
    lifetime = 5   # lifetime_seconds: overrides DurationSeconds

    def test_they_work_until_they_expire(self):
        r = self.assume()
        self.assertEqual(r["ExpiredTime"], T0 + 5)
        cred = r["Credentials"]
        self.assertNotIn("Error", self.register(cred, "a"))
        self.set_clock(T0 + 4)
        self.assertNotIn("Error", self.register(cred, "b", timestamp=T0 + 4))
        self.set_clock(T0 + 5)
        r = self.register(cred, "c", timestamp=T0 + 5)
        self.assert_code(r, "AuthFailure.TokenFailure", "expired")
        # A fresh exchange (with a token that is still valid) works again.
        tok = self.token("--exp", "+600")
        fresh = self.sts.call(params(tok))["Credentials"]
        self.assertNotIn("Error", self.register(fresh, "d", timestamp=T0 + 5))
        # The permanent credential is unaffected by any of this.
        self.assertNotIn("Error", self.api.call(support.registry("e"), timestamp=T0 + 5))

    def test_with_the_real_clock(self):
        self.set_clock(None)
        now = int(time.time())
        r = self.sts.call(params(self.token(now=now)))
        self.assertIn(r["ExpiredTime"], (now + 5, now + 6))
        self.assertNotIn("Error", self.register(r["Credentials"], "rt",
                                                timestamp=int(time.time())))

    def test_reset_forgets_them(self):
        cred = self.assume()["Credentials"]
        self.api.control("POST", "reset")
        self.assert_code(self.register(cred), "AuthFailure.SecretIdNotFound")


class Control(StsCase):
    def test_get_merge_delete_replace_and_reset(self):
        status, cfg = self.api.control("GET", "sts")
        self.assertEqual(status, 200)
        self.assertEqual(set(cfg["providers"]), {"OIDC", "OTHER"})
        self.assertEqual(cfg["providers"]["OIDC"]["audience"], [AUDIENCE])
        self.assertEqual(cfg["roles"][ROLE], {"provider": "OIDC", "sub": [SUB]})
        self.assertIsNone(cfg["lifetime_seconds"])
        self.assertEqual(cfg["issued"], [])
        self.assume()
        status, cfg = self.api.control("GET", "sts")
        self.assertEqual([i["origin"] for i in cfg["issued"]], ["sts:" + ROLE])
        self.assertEqual(cfg["issued"][0]["ExpiredTime"], T0 + 3600)
        self.assertNotIn("TmpSecretKey", json.dumps(cfg))

        # Merge: a new role and a lifetime; null deletes a role.
        status, cfg = self.api.control("POST", "sts", {
            "roles": {"qcs::cam::uin/1:roleName/new": {"provider": "OIDC"},
                      OTHER_ROLE: None},
            "lifetime_seconds": 2})
        self.assertEqual(status, 200, cfg)
        self.assertIn("qcs::cam::uin/1:roleName/new", cfg["roles"])
        self.assertNotIn(OTHER_ROLE, cfg["roles"])
        self.assertIn(ROLE, cfg["roles"])
        r = self.assume(role="qcs::cam::uin/1:roleName/new")   # no sub condition
        self.assertEqual(r["ExpiredTime"], T0 + 2)
        self.assert_code(self.assume(role=OTHER_ROLE), "ResourceNotFound.RoleNotFound")

        # A rotated key: the provider's JWKS replaced by the stranger's.
        self.api.control("POST", "sts", {"providers": {"OIDC": {
            "issuer": ISSUER, "audience": [AUDIENCE, "other"],
            "jwks": self.keys.jwks("stranger")}}})
        self.assert_code(self.assume(), WEB_IDENTITY_ERROR, "signature")
        self.assertNotIn("Error", self.sts.call(params(self.token(key="stranger"))))

        status, cfg = self.api.control("POST", "sts", {"replace": True})
        self.assertEqual((cfg["providers"], cfg["roles"]), ({}, {}))
        self.assert_code(self.assume(), "InvalidParameter.ParamError")

        # reset restores the configuration the emulator started with.
        self.api.control("POST", "reset")
        status, cfg = self.api.control("GET", "sts")
        self.assertEqual(set(cfg["roles"]), {ROLE, OTHER_ROLE, WILD_ROLE, ALIEN_ROLE})
        self.assertNotIn("Error", self.assume())

    def test_a_key_file_provider_makes_its_key_on_first_use(self):
        path = os.path.join(self.folder, "lazy-key.pem")
        self.assertFalse(os.path.exists(path))
        status, cfg = self.api.control("POST", "sts", {
            "providers": {"LAZY": {"issuer": ISSUER, "audience": AUDIENCE,
                                   "key_file": path, "kid": "lazy-1"}},
            "roles": {"qcs::cam::uin/1:roleName/lazy": {"provider": "LAZY"}}})
        self.assertEqual(status, 200, cfg)
        self.assertEqual(os.stat(path).st_mode & 0o777, 0o600)
        (key,) = cfg["providers"]["LAZY"]["jwks"]["keys"]
        self.assertEqual((key["kty"], key["kid"], key["e"]), ("RSA", "lazy-1", "AQAB"))
        tok = mint("--kid", "lazy-1", key=path)
        r = self.sts.call(params(tok, role="qcs::cam::uin/1:roleName/lazy",
                                 ProviderId="LAZY"))
        self.assertNotIn("Error", r)
        status, out = self.api.control("POST", "sts", {"providers": {"BAD": {
            "issuer": ISSUER, "audience": AUDIENCE,
            "key_file": os.path.join(self.folder, "no-such-dir", "k.pem")}}})
        self.assertEqual(status, 400)
        self.assertIn("key_file", out["error"])
        status, cfg = self.api.control("GET", "sts")
        self.assertEqual(status, 200)
        self.assertEqual(set(cfg["providers"]), {"OIDC", "OTHER", "LAZY"})

    def test_invalid_configuration_is_refused_and_changes_nothing(self):
        for bad in ({"providers": {"X": {"issuer": "i", "audience": "a"}}},
                    {"providers": {"X": {"issuer": "", "audience": "a",
                                         "jwks": {"keys": []}}}},
                    {"providers": {"X": {"issuer": "i", "audience": "a",
                                         "jwks": {"keys": [{"kty": "RSA", "n": "!"}]}}}},
                    {"roles": {"r": {"sub": "x"}}},
                    {"roles": {"r": {"provider": "OIDC", "sub": []}}},
                    {"lifetime_seconds": 0}, {"lifetime_seconds": "5"},
                    {"surprise": 1}):
            status, out = self.api.control("POST", "sts", bad)
            self.assertEqual(status, 400, bad)
            self.assertIn("error", out)
        status, cfg = self.api.control("GET", "sts")
        self.assertEqual(len(cfg["roles"]), 4)
        self.assertIsNone(cfg["lifetime_seconds"])


class Metadata(StsCase):
    ROLES = "/latest/meta-data/cam/security-credentials/"

    def get(self, path, timeout=10):
        conn = http.client.HTTPConnection("127.0.0.1", self.metadata_port,
                                          timeout=timeout)
        try:
            conn.request("GET", path)
            resp = conn.getresponse()
            return resp.status, resp.read()
        finally:
            conn.close()

    def bind(self, **spec):
        status, out = self.api.control("POST", "metadata", spec)
        self.assertEqual(status, 200, out)
        return out

    def test_no_role_bound_by_default(self):
        status, cfg = self.api.control("GET", "metadata")
        self.assertEqual(cfg, {"role": None, "mode": "ok", "code": "Success",
                               "lifetime_seconds": 7200, "hang_seconds": 30})
        self.assertEqual(self.get(self.ROLES)[0], 404)
        self.assertEqual(self.get(self.ROLES + "anything")[0], 404)

    def test_role_name_then_credentials_that_register(self):
        self.bind(role="cvm-role", lifetime_seconds=100)
        self.assertEqual(self.get(self.ROLES), (200, b"cvm-role"))
        self.assertEqual(self.get(self.ROLES + "other-role")[0], 404)
        self.assertEqual(self.get("/latest/meta-data/instance-id")[0], 404)
        status, data = self.get(self.ROLES + "cvm-role")
        self.assertEqual(status, 200)
        cred = json.loads(data)
        self.assertEqual(set(cred), {"TmpSecretId", "TmpSecretKey", "ExpiredTime",
                                     "Expiration", "Token", "Code"})
        self.assertEqual(cred["Code"], "Success")
        self.assertEqual(cred["ExpiredTime"], T0 + 100)
        self.assertEqual(cred["Expiration"], sts.iso8601(T0 + 100))
        self.assertNotIn("Error", self.register(cred))
        # The same credential while more than half its lifetime remains...
        self.set_clock(T0 + 49)
        self.assertEqual(json.loads(self.get(self.ROLES + "cvm-role")[1]), cred)
        # ...then a new one; the old one keeps working until it expires.
        self.set_clock(T0 + 50)
        new = json.loads(self.get(self.ROLES + "cvm-role")[1])
        self.assertNotEqual(new["TmpSecretId"], cred["TmpSecretId"])
        self.assertEqual(new["ExpiredTime"], T0 + 150)
        self.assertNotIn("Error", self.register(cred, "b", timestamp=T0 + 50))
        self.set_clock(T0 + 100)
        self.assert_code(self.register(cred, "c", timestamp=T0 + 100),
                         "AuthFailure.TokenFailure")
        self.assertNotIn("Error", self.register(new, "d", timestamp=T0 + 100))
        requests = self.api.control("GET", "requests")[1]
        self.assertIn({"listener": "metadata", "path": self.ROLES + "cvm-role"},
                      [{"listener": r["listener"], "path": r["path"]}
                       for r in requests])

    def test_failure_code_garbage_reset_and_hang(self):
        self.bind(role="cvm-role", code="InternalError")
        self.assertEqual(json.loads(self.get(self.ROLES + "cvm-role")[1])["Code"],
                         "InternalError")
        self.bind(mode="garbage")
        status, data = self.get(self.ROLES)
        self.assertEqual(status, 200)
        self.assertRaises(ValueError, json.loads, data)
        self.bind(mode="reset")
        self.assertRaises((ConnectionError, http.client.HTTPException),
                          self.get, self.ROLES)
        self.bind(mode="hang", hang_seconds=30)
        self.assertRaises(socket.timeout, self.get, self.ROLES, timeout=0.5)
        # reset releases the hang and restores the start-up state.
        self.api.control("POST", "reset")
        self.assertEqual(self.get(self.ROLES)[0], 404)

    def test_invalid_configuration(self):
        for bad in ({"role": "has space"}, {"mode": "absent"}, {"code": ""},
                    {"lifetime_seconds": 0}, {"lifetime_seconds": None},
                    {"hang_seconds": -1}, {"other": 1}):
            status, out = self.api.control("POST", "metadata", bad)
            self.assertEqual(status, 400, bad)
        self.assertEqual(self.api.control("GET", "metadata")[1]["role"], None)


class Rsa(unittest.TestCase):
    """The pure-Python RS256 check against tokens signed by openssl."""

    def test_verify(self):
        keys = Keys.get()
        (kid, n, e), = sts.parse_jwks(keys.jwks())
        self.assertEqual((kid, e), (KID, 65537))
        self.assertEqual(n.bit_length(), 2048)
        tok = mint(key=keys.path("trusted"))
        head, body, sig = tok.split(".")
        signed, raw = (head + "." + body).encode(), sts.b64url_decode(sig)
        self.assertTrue(sts.rsa_sha256_verify(n, e, signed, raw))
        self.assertFalse(sts.rsa_sha256_verify(n, e, signed + b"x", raw))
        self.assertFalse(sts.rsa_sha256_verify(n, e, signed, raw[:-1]))
        self.assertFalse(sts.rsa_sha256_verify(n, e, signed, b"\xff" * len(raw)))
        flipped = bytes([raw[0] ^ 1]) + raw[1:]
        self.assertFalse(sts.rsa_sha256_verify(n, e, signed, flipped))
        # The DigestInfo must be SHA-256's: a signature over the same bytes
        # with another hash does not verify.
        other = subprocess.run(["openssl", "dgst", "-sha512", "-sign",
                                keys.path("trusted")], input=signed, check=True,
                               stdout=subprocess.PIPE).stdout
        self.assertFalse(sts.rsa_sha256_verify(n, e, signed, other))

    def test_jwks_ignores_other_key_types(self):
        keys = sts.parse_jwks({"keys": [{"kty": "EC", "crv": "P-256"},
                                        {"kty": "RSA", "n": "AQAB", "e": "AQAB"}]})
        self.assertEqual(keys, [(None, 65537, 65537)])
        self.assertRaises(ValueError, sts.parse_jwks, [])
        self.assertRaises(ValueError, sts.parse_jwks, {"keys": [{"kty": "RSA"}]})


# Runs inside with-emulator: a keyless job end to end with the harness's
# environment only.
KEYLESS_PROBE = textwrap.dedent(r"""
    import json, os, subprocess, sys, time
    sys.path.insert(0, sys.argv[1])
    import support
    env = os.environ
    out = {}
    from test_sts import StsClient, params
    port = int(env["TCSS_STS_ENDPOINT"].rsplit(":", 1)[1])
    sts = StsClient(port)
    # The key is made on first use: here by the emulator's first STS request.
    out["key_before"] = os.path.exists(env["TCSS_TEST_OIDC_KEY"])
    out["malformed"] = sts.call(params("e30.e30.AAAA",
        role=env["TCSS_TEST_OIDC_ROLE_ARN"]))["Error"]["Code"]
    out["key_after"] = os.path.exists(env["TCSS_TEST_OIDC_KEY"])
    token = subprocess.run([env["TCSS_MINT_OIDC_TOKEN"]], check=True,
                           stdout=subprocess.PIPE).stdout.decode().strip()
    def p(tok, role):
        q = params(tok, role=role)
        q["ProviderId"] = env["TCSS_TEST_OIDC_PROVIDER_ID"]
        return q
    r = sts.call(p(token, env["TCSS_TEST_OIDC_ROLE_ARN"]))
    out["expires_in"] = r["ExpiredTime"] - int(time.time())
    cred = r["Credentials"]
    api = support.Client(int(env["TCSS_ENDPOINT"].rsplit(":", 1)[1]))
    reg = api.call(support.registry(), secret_id=cred["TmpSecretId"],
                   secret_key=cred["TmpSecretKey"], token=cred["Token"])
    out["register"] = reg.get("RegistryId")
    out["other_role"] = sts.call(p(token, env["TCSS_TEST_OIDC_OTHER_ROLE_ARN"]))["Error"]["Code"]
    meta = env["TCSS_METADATA_ENDPOINT"]
    import urllib.request, urllib.error
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        out["role"] = opener.open(meta + "/latest/meta-data/cam/security-credentials/",
                                  timeout=5).read().decode()
    except urllib.error.HTTPError as e:
        out["role"] = e.code
    import http.client, ssl
    host, tls_port = env["TCSS_STS_TLS_ENDPOINT"][len("https://"):].rsplit(":", 1)
    conn = http.client.HTTPSConnection(host, int(tls_port), timeout=10,
        context=ssl.create_default_context(cafile=env["TCSS_TEST_CA"]))
    conn.request("POST", "/", body=json.dumps(p(token, env["TCSS_TEST_OIDC_ROLE_ARN"])),
                 headers={"Content-Type": "application/json", "Authorization": "SKIP",
                          "X-TC-Action": "AssumeRoleWithWebIdentity",
                          "X-TC-Version": "2018-08-13", "X-TC-Timestamp": "1",
                          "X-TC-Region": "ap-guangzhou"})
    out["tls"] = sorted(json.loads(conn.getresponse().read())["Response"])
    out["key_mode"] = oct(os.stat(env["TCSS_TEST_OIDC_KEY"]).st_mode & 0o777)
    out["cvm_role"] = env.get("TCSS_TEST_CVM_ROLE")
    out["secrets"] = [token, cred["TmpSecretKey"], cred["Token"]]
    if out["cvm_role"]:
        role_cred = json.load(opener.open(
            meta + "/latest/meta-data/cam/security-credentials/" + out["role"],
            timeout=5))
        out["secrets"] += [role_cred["TmpSecretKey"], role_cred["Token"]]
    print(json.dumps(out))
    sys.exit(1 if sys.argv[2:] == ["fail"] else 0)
""")


class Harness(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tcss-harness-sts-")
        self.env = dict(os.environ, TMPDIR=self.tmp,
                        TCSS_TEST_CERTS_DIR=os.path.join(self.tmp, "certs"))

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run_probe(self, *options, fail=False):
        proc = subprocess.run(
            [WITH_EMULATOR, *options, "--", sys.executable, "-c", KEYLESS_PROBE,
             support.HERE] + (["fail"] if fail else []), env=self.env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        self.assertEqual(proc.returncode, 1 if fail else 0, proc.stderr)
        self.stderr = proc.stderr.decode()
        self.assertEqual([n for n in os.listdir(self.env["TMPDIR"])
                          if n.startswith("tcss-emulator.")], [])
        return json.loads(proc.stdout)

    def test_keyless_job_with_the_harness_environment(self):
        out = self.run_probe()
        self.assertEqual(out["register"], 1)
        self.assertEqual(out["tls"], ["Credentials", "Expiration", "ExpiredTime",
                                      "RequestId"])
        self.assertIn(out["expires_in"], range(3590, 3601))
        self.assertEqual(out["other_role"], "UnauthorizedOperation")
        self.assertEqual(out["role"], 404)          # no role bound by default
        self.assertEqual(out["key_mode"], "0o600")
        self.assertIsNone(out["cvm_role"])
        self.assertEqual((out["key_before"], out["key_after"]), (False, True))
        self.assertEqual(out["malformed"], "InvalidParameter.WebIdentityTokenError")

    def test_odd_characters_in_the_temporary_folder(self):
        odd = os.path.join(self.tmp, 'a "quoted" \\ dir')
        os.mkdir(odd)
        self.env["TMPDIR"] = odd
        out = self.run_probe()
        self.assertEqual(out["register"], 1)

    def test_cvm_role_and_sts_lifetime_options(self):
        out = self.run_probe("--cvm-role", "tcss-cvm", "--sts-lifetime", "7")
        self.assertEqual(out["role"], "tcss-cvm")
        self.assertEqual(out["cvm_role"], "tcss-cvm")
        self.assertIn(out["expires_in"], (6, 7))

    def test_the_emulator_log_holds_no_token_or_key(self):
        self.env["WITH_EMULATOR_SHOW_LOG"] = "1"   # printed as the command fails
        out = self.run_probe("--cvm-role", "tcss-cvm", fail=True)
        self.assertIn("AssumeRoleWithWebIdentity", self.stderr)
        self.assertIn("security-credentials/tcss-cvm", self.stderr)
        self.assertEqual(len(out["secrets"]), 5)
        for secret in out["secrets"]:
            self.assertGreater(len(secret), 20)
            self.assertNotIn(secret, self.stderr)

    def test_usage_errors(self):
        for bad in (["--sts-lifetime", "0"], ["--sts-lifetime", "x"],
                    ["--cvm-role", "a b"], ["--cvm-role"]):
            proc = subprocess.run([WITH_EMULATOR, *bad, "--", "true"], env=self.env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  timeout=60)
            self.assertEqual(proc.returncode, 2, bad)


class MintOidcToken(unittest.TestCase):
    def test_claims_and_times(self):
        keys = Keys.get()
        tok = mint("--aud", AUDIENCE, "--aud", "b", "--nbf", "-5", "--exp", "123", "--iat", "+1",
                   "--claim", "ref=\"main\"", "--claim", "n=3", "--claim", "s=x y",
                   key=keys.path("trusted"), now=1000)
        head, body, _ = tok.split(".")
        self.assertEqual(json.loads(sts.b64url_decode(head)),
                         {"alg": "RS256", "typ": "JWT", "kid": KID})
        self.assertEqual(json.loads(sts.b64url_decode(body)), {
            "iss": ISSUER, "aud": [AUDIENCE, "b"], "sub": SUB, "iat": 1001,
            "exp": 123, "nbf": 995, "ref": "main", "n": 3, "s": "x y"})

    def test_out_file_is_private(self):
        keys = Keys.get()
        out = os.path.join(keys.folder, "token.jwt")
        subprocess.run([MINT, "--key", keys.path("trusted"), "--out", out],
                       check=True, stdout=subprocess.PIPE)
        self.assertEqual(os.stat(out).st_mode & 0o777, 0o600)
        with open(out) as f:
            self.assertEqual(f.read().count("."), 2)
        self.assertEqual(os.stat(keys.path("trusted")).st_mode & 0o777, 0o600)

    def test_the_harness_key_is_made_on_first_use(self):
        folder = tempfile.mkdtemp(prefix="tcss-mint-test-")
        try:
            key = os.path.join(folder, "oidc-key.pem")
            env = dict(os.environ, TCSS_TEST_OIDC_KEY=key)
            tok = subprocess.run([MINT, "--iss", "i", "--aud", "a", "--sub", "s"],
                                 env=env, check=True, stdout=subprocess.PIPE).stdout
            self.assertEqual(tok.count(b"."), 2)
            self.assertEqual(os.stat(key).st_mode & 0o777, 0o600)
            # Any other missing key is an error, not a new key.
            proc = subprocess.run([MINT, "--key", os.path.join(folder, "typo.pem")],
                                  env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
            self.assertNotEqual(proc.returncode, 0)
            self.assertIn(b"no key file", proc.stderr)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def test_errors(self):
        proc = subprocess.run([MINT], env={"PATH": os.environ["PATH"]},
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn(b"no key", proc.stderr)
        proc = subprocess.run([MINT, "--key", Keys.get().path("trusted"),
                               "--exp", "tomorrow"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
        self.assertNotEqual(proc.returncode, 0)


if __name__ == "__main__":
    unittest.main()
