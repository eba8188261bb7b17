"""STS as strict as the documented service (issue 22): X-TC-Region is
required on every call (MissingParameter without it); AssumeRole is signed
with TC3-HMAC-SHA256 for service "sts" and verified with tc3.py, and the role
must trust the signer; a provider with GitHub Actions' issuer gets
GitHub-shaped claims checked (issue 20), and the loopback token endpoint
(github_oidc.py) checks the bearer and the audience."""

import http.client
import json
import time
import unittest
import urllib.error
import urllib.request

import support
import test_sts
from test_sts import (AUDIENCE, KID, ROLE, T0, WEB_IDENTITY_ERROR, Keys,
                      StsCase, params)

import github_oidc  # noqa: E402  (support put tests/emulator on sys.path)
import tc3  # noqa: E402

ASSUMABLE = "qcs::cam::uin/100000000001:roleName/deploy"
GITHUB_ROLE = "qcs::cam::uin/100000000001:roleName/github-main"
GITHUB_SUB = "repo:acme/app:ref:refs/heads/main"


def tearDownModule():
    test_sts.tearDownModule()


def signed_assume(port, body, secret_id, secret_key, token=None, timestamp=T0,
                  region="ap-guangzhou", service="sts", tamper=False):
    """AssumeRole as the SDKs send it: content-type and host signed."""
    host = "sts.tencentcloudapi.com"
    data = json.dumps(body).encode()
    signed = [("content-type", "application/json"), ("host", host)]
    auth = tc3.authorization(secret_id, secret_key, service, timestamp, "POST",
                             "", signed, data)
    headers = {"Content-Type": "application/json", "Host": host,
               "Authorization": auth, "X-TC-Action": "AssumeRole",
               "X-TC-Version": "2018-08-13", "X-TC-Timestamp": str(timestamp)}
    if region:
        headers["X-TC-Region"] = region
    if token:
        headers["X-TC-Token"] = token
    if tamper:
        data = data.replace(b"session", b"sessioN")
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("POST", "/", body=data, headers=headers)
        resp = conn.getresponse()
        return json.loads(resp.read())["Response"]
    finally:
        conn.close()


class StrictSts(StsCase):
    def setUp(self):
        super().setUp()
        status, _ = self.api.control("POST", "sts", {
            "providers": {"GITHUB": {
                "issuer": github_oidc.GITHUB_ISSUER, "audience": AUDIENCE,
                "jwks": Keys.jwks()}},
            "roles": {
                ASSUMABLE: {"assumable_by": [support.SECRET_ID]},
                GITHUB_ROLE: {"provider": "GITHUB", "sub": "repo:acme/app:ref:refs/heads/*"}}})
        self.assertEqual(status, 200)

    def test_region_is_required(self):
        tok = self.token()
        self.assert_code(self.sts.call(params(tok), drop=("X-TC-Region",)),
                         "MissingParameter", "Region")
        self.assert_code(self.sts.call(params(tok), headers={"X-TC-Region": " "}),
                         "MissingParameter", "Region")
        self.assert_code(self.sts.call(params(tok), headers={"X-TC-Region": "Mars/1"}),
                         "InvalidParameter")
        self.assertNotIn("Error", self.sts.call(params(tok)))
        r = signed_assume(self.sts_port, {"RoleArn": ASSUMABLE, "RoleSessionName": "tf-session"},
                          support.SECRET_ID, support.SECRET_KEY, region=None)
        self.assert_code(r, "MissingParameter", "Region")

    def test_signed_assume_role(self):
        body = {"RoleArn": ASSUMABLE, "RoleSessionName": "tf-session",
                "DurationSeconds": 900}
        r = signed_assume(self.sts_port, body, support.SECRET_ID, support.SECRET_KEY)
        self.assertNotIn("Error", r)
        self.assertEqual(r["ExpiredTime"], T0 + 900)
        self.assertNotIn("Error", self.register(r["Credentials"]))
        # Wrong key, a body changed after signing, another service's scope.
        self.assert_code(signed_assume(self.sts_port, body, support.SECRET_ID, "wrong-key"),
                         "AuthFailure.SignatureFailure")
        self.assert_code(signed_assume(self.sts_port, body, support.SECRET_ID,
                                       support.SECRET_KEY, tamper=True),
                         "AuthFailure.SignatureFailure")
        self.assert_code(signed_assume(self.sts_port, body, support.SECRET_ID,
                                       support.SECRET_KEY, service="tcss"),
                         "AuthFailure.InvalidAuthorization")
        self.assert_code(signed_assume(self.sts_port, body, "AKIDUNKNOWN", "k"),
                         "AuthFailure.SecretIdNotFound")
        self.assert_code(signed_assume(self.sts_port, body, support.SECRET_ID,
                                       support.SECRET_KEY, timestamp=T0 - 3600),
                         "AuthFailure.SignatureExpire")
        # A role that does not trust the signer; one that does not exist.
        self.assert_code(signed_assume(self.sts_port, dict(body, RoleArn=ROLE),
                                       support.SECRET_ID, support.SECRET_KEY),
                         "UnauthorizedOperation")
        self.assert_code(signed_assume(self.sts_port, dict(body, RoleArn=ROLE + "x"),
                                       support.SECRET_ID, support.SECRET_KEY),
                         "ResourceNotFound.RoleNotFound")
        self.assert_code(signed_assume(self.sts_port, {"RoleArn": ASSUMABLE},
                                       support.SECRET_ID, support.SECRET_KEY),
                         "MissingParameter", "RoleSessionName")
        self.assert_code(signed_assume(self.sts_port, dict(body, ProviderId="OIDC"),
                                       support.SECRET_ID, support.SECRET_KEY),
                         "UnknownParameter")

    def test_assume_role_with_temporary_keys_needs_their_token(self):
        status, _ = self.api.control("POST", "sts", {"roles": {
            ASSUMABLE: {"assumable_by": ["AKID*"]}}})
        self.assertEqual(status, 200)
        cred = self.assume()["Credentials"]
        body = {"RoleArn": ASSUMABLE, "RoleSessionName": "chained"}
        self.assert_code(signed_assume(self.sts_port, body, cred["TmpSecretId"],
                                       cred["TmpSecretKey"]),
                         "AuthFailure.TokenFailure")
        r = signed_assume(self.sts_port, body, cred["TmpSecretId"],
                          cred["TmpSecretKey"], token=cred["Token"])
        self.assertNotIn("Error", r)

    def gh_token(self, sub=GITHUB_SUB, **claims):
        args = ["--iss", github_oidc.GITHUB_ISSUER, "--sub", sub]
        for name, value in claims.items():
            args += ["--claim", "%s=%s" % (name, value)]
        return self.token(*args)

    def test_github_shaped_claims(self):
        ok = params(self.gh_token(repository="acme/app"), role=GITHUB_ROLE,
                    ProviderId="GITHUB")
        self.assertNotIn("Error", self.sts.call(ok))
        for sub in ("project_path:acme/app:ref_type:branch:ref:main", "repo:acme:ref:refs/heads/main",
                    "repo:acme/app", "repo:acme/app:ref:main"):
            bad = params(self.gh_token(sub=sub), role=GITHUB_ROLE, ProviderId="GITHUB")
            self.assert_code(self.sts.call(bad), WEB_IDENTITY_ERROR, "GitHub")
        mismatch = params(self.gh_token(repository="evil/app"), role=GITHUB_ROLE,
                          ProviderId="GITHUB")
        self.assert_code(self.sts.call(mismatch), WEB_IDENTITY_ERROR, "repository")
        # Well formed, but another branch than the role's condition allows.
        other = params(self.gh_token(sub="repo:acme/app:pull_request"), role=GITHUB_ROLE,
                       ProviderId="GITHUB")
        self.assert_code(self.sts.call(other), "UnauthorizedOperation")


class GithubTokenEndpoint(unittest.TestCase):
    def setUp(self):
        self.keys = Keys.get()
        self.ep = github_oidc.TokenEndpoint(
            "gh-request-token-1", mint=test_sts.MINT, key=Keys.path("trusted"), kid=KID)
        self.addCleanup(self.ep.close)

    def get(self, url, bearer):
        req = urllib.request.Request(url, headers={"Authorization": "bearer " + bearer})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(req, timeout=30) as resp:
                return resp.status, json.loads(resp.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    def test_bearer_and_audience_are_checked(self):
        status, body = self.get(self.ep.url + "&audience=sts.tencentcloudapi.com",
                                "gh-request-token-1")
        self.assertEqual(status, 200)
        claims = json.loads(test_sts.sts.b64url_decode(body["value"].split(".")[1]))
        self.assertEqual(claims["iss"], github_oidc.GITHUB_ISSUER)
        self.assertEqual(claims["aud"], "sts.tencentcloudapi.com")
        self.assertEqual(claims["sub"], GITHUB_SUB)
        self.assertEqual(claims["repository"], "acme/app")
        self.assertGreater(claims["exp"], time.time())
        self.assertEqual(self.get(self.ep.url + "&audience=a", "wrong")[0], 401)
        self.assertEqual(self.get(self.ep.url, "gh-request-token-1")[0], 400)
        self.assertEqual([r["audience"] for r in self.ep.requests],
                         [["sts.tencentcloudapi.com"], ["a"], []])


if __name__ == "__main__":
    unittest.main()
