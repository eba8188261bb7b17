"""Keyless credentials (options version 2) through the binding: an OIDC token
and a role exchanged at the emulator's STS (tests/emulator/README.md), with
no SecretId/SecretKey anywhere."""
import os
import subprocess
import unittest
from unittest import mock

import tcss

from test_tcss import REGISTRY, REGISTRY_PASSWORD, REGISTRY_USER, emulator

ROLE_ARN = os.environ["TCSS_TEST_OIDC_ROLE_ARN"]
PROVIDER_ID = os.environ["TCSS_TEST_OIDC_PROVIDER_ID"]
STS = os.environ["TCSS_STS_ENDPOINT"]
# The chain puts environment keys before web identity, and the harness exports
# a permanent pair: take them away so only the token can work.
NO_KEYS = {k: v for k, v in os.environ.items()
           if not k.startswith(("TENCENTCLOUD_SECRET", "TENCENTCLOUD_SESSION", "TENCENTCLOUD_ASSUME",
                                "TKE_", "TENCENTCLOUD_PROFILE"))}
NO_KEYS["TCSS_NO_METADATA"] = "1"
NO_KEYS["HOME"] = "/nonexistent-tcss-keyless"


def mint(*args):
    return subprocess.run([os.environ["TCSS_MINT_OIDC_TOKEN"], *args], check=True,
                          stdout=subprocess.PIPE).stdout.decode().strip()


class TestKeyless(unittest.TestCase):
    def setUp(self):
        emulator("/__emulator/reset", {})
        patcher = mock.patch.dict(os.environ, NO_KEYS, clear=True)
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_token_and_role_only_registers(self):
        token = mint()
        with tcss.Client(role_arn=ROLE_ARN, web_identity_token=token, sts_endpoint=STS,
                         role_session_name="py-keyless", session_duration=900,
                         max_attempts=1) as client:
            result = client.add_registry(name="py-keyless", url=REGISTRY, registry_type="harbor",
                                         username=REGISTRY_USER, password=REGISTRY_PASSWORD)
        self.assertGreater(result.registry_id, 0)
        issued = emulator("/__emulator/sts")["issued"]
        self.assertEqual([i["origin"] for i in issued], ["sts:" + ROLE_ARN])
        sts_calls = [r for r in emulator("/__emulator/requests") if r["listener"] == "sts"]
        self.assertEqual(len(sts_calls), 1)
        api = [r for r in emulator("/__emulator/requests") if r["listener"] == "api"]
        self.assertTrue(api and all(r["headers"].get("x-tc-token") for r in api))
        self.assertIn(issued[0]["TmpSecretId"], api[-1]["headers"]["authorization"])

    def test_token_file_and_provider_id(self):
        path = os.path.join(os.environ.get("TMPDIR", "/tmp"), "tcss-py-keyless-%d.jwt" % os.getpid())
        mint("--out", path)
        self.addCleanup(os.unlink, path)
        with tcss.Client(role_arn=ROLE_ARN, provider_id=PROVIDER_ID, web_identity_token_file=path,
                         sts_endpoint=STS, max_attempts=1) as client:
            self.assertGreater(client.add_registry(
                name="py-keyless-file", url=REGISTRY, registry_type="harbor",
                username=REGISTRY_USER, password=REGISTRY_PASSWORD).registry_id, 0)

    def test_wrong_audience_is_a_credentials_error_with_sts_code(self):
        # The client is made without asking STS; the first call's exchange
        # is refused (issue 21 item 2: it runs within that call's timeout).
        token = mint("--aud", "someone-else")
        with tcss.Client(role_arn=ROLE_ARN, web_identity_token=token, sts_endpoint=STS) as client:
            self.assertEqual([r for r in emulator("/__emulator/requests") if r["listener"] == "sts"], [])
            with self.assertRaises(tcss.CredentialsError) as cm:
                client.add_registry(name="py-keyless-refused", url=REGISTRY, registry_type="harbor",
                                    username=REGISTRY_USER, password=REGISTRY_PASSWORD)
        self.assertEqual(len([r for r in emulator("/__emulator/requests") if r["listener"] == "sts"]), 1)
        self.assertEqual([r for r in emulator("/__emulator/requests") if r["listener"] == "api"], [])
        e = cm.exception
        self.assertEqual(e.code, -2)
        self.assertEqual(e.service_code, "InvalidParameter.WebIdentityTokenError")
        self.assertTrue(e.request_id)
        for part in [token] + token.split("."):
            self.assertNotIn(part, str(e))
            self.assertNotIn(part, repr(e))
            self.assertNotIn(part, e.message + e.service_message)

    def test_sts_not_asked_without_keyless_options_and_no_keys(self):
        # Version 1 path: nothing keyless set, no keys: "no credentials", STS untouched.
        with self.assertRaises(tcss.CredentialsError):
            tcss.Client()
        self.assertEqual([r for r in emulator("/__emulator/requests") if r["listener"] == "sts"], [])

    def test_cvm_role_through_metadata_endpoint_and_no_metadata(self):
        metadata = os.environ.pop("TCSS_METADATA_ENDPOINT")   # the option alone must name it
        del os.environ["TCSS_NO_METADATA"]
        emulator("/__emulator/metadata", {"role": "tcss-py-cvm"})
        with tcss.Client(metadata_endpoint=metadata, max_attempts=1) as client:
            self.assertGreater(client.add_registry(
                name="py-cvm", url=REGISTRY, registry_type="harbor",
                username=REGISTRY_USER, password=REGISTRY_PASSWORD).registry_id, 0)
        self.assertEqual([i["origin"] for i in emulator("/__emulator/sts")["issued"]],
                         ["metadata:tcss-py-cvm"])
        with self.assertRaises(tcss.CredentialsError):
            tcss.Client(metadata_endpoint=metadata, no_metadata=True)

    def test_bad_session_duration_is_refused_in_python(self):
        with self.assertRaises(ValueError):
            tcss.Client(role_arn=ROLE_ARN, web_identity_token="x", session_duration=-1)
