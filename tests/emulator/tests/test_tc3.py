"""The emulator's TC3 verifier against every published vector
(Tencent Cloud's "Signature v3" API page and the official Node SDK's signing tests), stage by stage."""

import unittest

import support  # noqa: F401  (puts tests/emulator/ on sys.path)
import tc3

P1 = (b'{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], '
      b'"Name": "instance-name"}]}')
DOC_KEY = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"

VECTORS = [
    dict(name="doc, content-type;host", method="POST", query="", body=P1,
         headers=[("content-type", "application/json; charset=utf-8"),
                  ("host", "cvm.tencentcloudapi.com")],
         service="cvm", ts=1551113065, date="2019-02-25", key=DOC_KEY,
         canonical_sha="5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031",
         signature="72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"),
    dict(name="doc, with x-tc-action", method="POST", query="", body=P1,
         headers=[("content-type", "application/json; charset=utf-8"),
                  ("host", "cvm.tencentcloudapi.com"),
                  ("x-tc-action", "DescribeInstances")],
         service="cvm", ts=1551113065, date="2019-02-25", key="*" * 32,
         canonical_sha="7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84",
         signature="10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f"),
    dict(name="doc, GET", method="GET", query="Limit=10&Offset=0", body=b"",
         headers=[("content-type", "application/x-www-form-urlencoded"),
                  ("host", "cvm.tencentcloudapi.com")],
         service="cvm", ts=1539084154, date="2018-10-09", key=DOC_KEY,
         canonical_sha="91c9c192c14460df6c1ffc69e34e6c5e90708de2a6d282cccf957dbf1aa7f3a7",
         signature="5da7a33f6993f0614b047e5df4582db9e9bf4672ba50567dba16c6ccf174c474"),
    dict(name="Node SDK test", method="POST", query="",
         body=b'{"Action":"DescribeInstances","Version":"2017-03-12"}',
         headers=[("content-type", "application/json"),
                  ("host", "cvm.tencentcloudapi.com")],
         service="cvm", ts=1640995200, date="2022-01-01", key="test-secret-key",
         canonical_sha="11b4984250df9d76592a8eb098c42d8c757bebef390e23479ceac3a58148f4d9",
         signature="96473b50fe407833672a5d6d067238d88bb44c8abcc39ef83baa3132afbfadd3"),
]


class PublishedVectors(unittest.TestCase):
    def test_payload_hash(self):
        self.assertEqual(
            tc3.sha256_hex(P1),
            "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064")

    def test_intermediate_keys_of_the_first_vector(self):
        k_date, k_service, k_signing = tc3.signing_keys(DOC_KEY, "2019-02-25", "cvm")
        self.assertEqual(k_date.hex(),
                         "d1308c81fe71cfd4e06437bbc067b2b8a3d2d8c0e375d547f15c41d5214b395a")
        self.assertEqual(k_service.hex(),
                         "3c7cb7c7795393edc14fd2e0e6434a518564b4504b88e94f5d11bf59ba3e7050")
        self.assertEqual(k_signing.hex(),
                         "ac658d5dde49e9bfdd14e04e062f66b05d9f637d44b8a8d845327d4a77f666b1")

    def test_every_stage_of_every_vector(self):
        for v in VECTORS:
            with self.subTest(v["name"]):
                self.assertEqual(tc3.utc_date(v["ts"]), v["date"])
                canonical = tc3.canonical_request(v["method"], v["query"],
                                                  v["headers"], v["body"])
                lines = canonical.split("\n")
                self.assertEqual(lines[0], v["method"])
                self.assertEqual(lines[1], "/")
                self.assertEqual(lines[2], v["query"])
                self.assertEqual(lines[-1], tc3.sha256_hex(v["body"]))
                self.assertEqual(tc3.sha256_hex(canonical), v["canonical_sha"])
                scope = tc3.credential_scope(v["date"], v["service"])
                self.assertEqual(scope, "%s/%s/tc3_request" % (v["date"], v["service"]))
                to_sign = tc3.string_to_sign(v["ts"], scope, canonical)
                self.assertEqual(to_sign, "TC3-HMAC-SHA256\n%d\n%s\n%s" % (
                    v["ts"], scope, v["canonical_sha"]))
                self.assertEqual(tc3.signature(v["key"], v["date"], v["service"],
                                               to_sign), v["signature"])

    def test_whole_header_and_parse_round_trip(self):
        v = VECTORS[0]
        auth = tc3.authorization("AKIDEXAMPLE", v["key"], "cvm", v["ts"], "POST",
                                 "", v["headers"], v["body"])
        self.assertEqual(
            auth, "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2019-02-25/cvm/tc3_request, "
                  "SignedHeaders=content-type;host, Signature=" + v["signature"])
        parsed = tc3.parse_authorization(auth)
        self.assertEqual((parsed.secret_id, parsed.date, parsed.service,
                          parsed.terminator, parsed.signed_headers, parsed.signature),
                         ("AKIDEXAMPLE", "2019-02-25", "cvm", "tc3_request",
                          ["content-type", "host"], v["signature"]))

    def test_values_are_trimmed_and_lower_cased(self):
        canon, signed = tc3.canonical_headers(
            [("Host", " CVM.tencentcloudapi.com "), ("Content-Type", "Application/JSON")])
        self.assertEqual(canon, "content-type:application/json\nhost:cvm.tencentcloudapi.com\n")
        self.assertEqual(signed, "content-type;host")

    def test_malformed_authorization_is_refused(self):
        good = ("TC3-HMAC-SHA256 Credential=AKID/2019-02-25/cvm/tc3_request, "
                "SignedHeaders=content-type;host, Signature=" + "a" * 64)
        tc3.parse_authorization(good)
        for bad in [None, "", "Basic abc", good.replace("TC3-HMAC-SHA256", "HMAC"),
                    good.replace("a" * 64, "a" * 63),
                    good.replace("AKID/2019-02-25/cvm/tc3_request", "AKID/2019-02-25/cvm"),
                    good.replace("content-type;host", "host;content-type"),
                    good.replace("content-type;host", "Content-Type;host"),
                    good.replace("content-type;host", "content-type;host;host")]:
            with self.subTest(bad=bad):
                with self.assertRaises(ValueError):
                    tc3.parse_authorization(bad)


if __name__ == "__main__":
    unittest.main()
